"""The reverse-proxy files in deploy/public are ones Caddy and nginx accept as written (the
certificate paths aside, which only certbot makes)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support import require_or_skip

PUBLIC = Path(__file__).resolve().parents[2] / "deploy" / "public"


def _tool(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not path:
        require_or_skip("KIOSK_REQUIRE_PROXIES", f"{name} is not installed")
    return path


def test_caddy_accepts_the_caddyfile():
    caddy = _tool("caddy")
    result = subprocess.run(
        [caddy, "adapt", "--config", str(PUBLIC / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert '"dial":"127.0.0.1:8080"' in result.stdout.replace(" ", "")


def test_nginx_accepts_the_site(tmp_path):
    nginx = _tool("nginx")
    openssl = _tool("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=hcc.example.gov.vn", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (PUBLIC / "nginx.conf").read_text()
    live = "/etc/letsencrypt/live/hcc.example.gov.vn/"
    site = site.replace(live + "fullchain.pem", str(cert)).replace(live + "privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
