"""deploy/linux installs a kiosk PC: install.sh, run into a temporary root as a package build
would, lays out every file it promises with the right modes; systemd accepts the units,
shellcheck the scripts; the browser launcher keeps its promises and restarts Chromium."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import stat
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "deploy" / "linux"

# Every file install.sh promises, with its mode.
PROMISED = {
    "/opt/kiosk/venv/bin/kiosk": 0o755,
    "/opt/kiosk/venv/bin/kiosk-printer": 0o755,
    "/opt/kiosk/bin/kiosk-browser": 0o755,
    "/opt/kiosk/bin/kiosk-session": 0o755,
    "/opt/kiosk/bin/kiosk-hall-display": 0o755,
    "/opt/kiosk/bin/kiosk-counter": 0o755,
    "/opt/kiosk/bin/kiosk-backup": 0o755,
    "/opt/kiosk/fonts/DejaVuSans.ttf": 0o644,
    "/opt/kiosk/share/manifest.json": 0o644,
    "/opt/kiosk/share/docs/deployment.md": 0o644,
    "/etc/systemd/system/kiosk.service": 0o644,
    "/etc/systemd/system/kiosk-printer.service": 0o644,
    "/etc/systemd/system/kiosk-backup.service": 0o644,
    "/etc/systemd/system/kiosk-backup.timer": 0o644,
    "/etc/udev/rules.d/99-kiosk-printer.rules": 0o644,
    "/etc/xdg/autostart/kiosk-session.desktop": 0o644,
    "/usr/share/applications/kiosk-counter.desktop": 0o644,
    "/usr/share/applications/kiosk-hall-display.desktop": 0o644,
    "/etc/chromium/policies/managed/kiosk.json": 0o644,
    "/etc/lightdm/lightdm.conf.d/50-kiosk-autologin.conf": 0o644,
    "/usr/lib/sysusers.d/kiosk.conf": 0o644,
    "/usr/lib/tmpfiles.d/kiosk.conf": 0o644,
    "/usr/local/bin/kiosk": 0o755,
    "/etc/kiosk/kiosk.env": 0o640,
    "/etc/kiosk/screen.env": 0o644,
}
STATE_DIRS = ["/var/lib/kiosk", "/var/lib/kiosk/instance", "/var/lib/kiosk/backups"]
UNITS = ["kiosk.service", "kiosk-printer.service", "kiosk-backup.service", "kiosk-backup.timer"]


@pytest.fixture
def bundle(offline_bundle) -> Path:
    return offline_bundle[0]


def install(bundle: Path, root: Path, *args: str, check: bool = True):
    result = subprocess.run(
        [bundle / "linux" / "install.sh", "--root", root, *args],
        capture_output=True,
        text=True,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def one_pc(offline_bundle, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("root")
    install(offline_bundle[0], root)
    return root


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_install_lays_out_every_promised_file_with_its_mode(one_pc):
    wrong = {
        name: oct(mode(one_pc / name[1:])) if (one_pc / name[1:]).exists() else "missing"
        for name, expected in PROMISED.items()
        if not (one_pc / name[1:]).is_file() or mode(one_pc / name[1:]) != expected
    }
    assert wrong == {}
    for folder in STATE_DIRS:
        assert mode(one_pc / folder[1:]) == 0o750, folder


def test_the_programs_scripts_name_the_interpreter_they_will_have_on_the_pc(one_pc):
    first_line = (one_pc / "opt/kiosk/venv/bin/kiosk").read_text().splitlines()[0]
    assert first_line == "#!/opt/kiosk/venv/bin/python3"
    assert not (one_pc / "opt/kiosk/venv.new").exists()


def test_under_a_root_users_and_services_are_written_down_not_made(one_pc):
    actions = (one_pc / "opt/kiosk/share/install-actions.txt").read_text().splitlines()
    assert "systemctl enable kiosk.service" in actions
    assert "systemctl enable kiosk-backup.timer" in actions
    assert "systemctl enable kiosk-printer.service" not in actions
    assert "systemd-sysusers /usr/lib/sysusers.d/kiosk.conf" in actions
    sysusers = (one_pc / "usr/lib/sysusers.d/kiosk.conf").read_text()
    assert sysusers.startswith("u kiosk - ") and "/var/lib/kiosk /usr/sbin/nologin" in sysusers
    screen = (one_pc / "etc/kiosk/screen.env").read_text()
    assert "KIOSK_SCREEN_URL=http://localhost:8080/kiosk/" in screen


def test_every_installed_file_is_listed_for_uninstall(one_pc):
    listed = set((one_pc / "opt/kiosk/share/installed-files").read_text().split())
    kept = {"/etc/kiosk/kiosk.env", "/etc/kiosk/screen.env"}
    program = {name for name in PROMISED if not name.startswith("/opt/kiosk/venv/")}
    assert program - kept <= listed


def test_a_kiosk_pc_opens_its_server_and_waits_for_a_token_to_print(bundle, tmp_path):
    install(bundle, tmp_path, "--role", "kiosk-pc", "--server", "http://10.0.0.5:8080/")
    screen = (tmp_path / "etc/kiosk/screen.env").read_text()
    assert "KIOSK_SCREEN_URL=http://10.0.0.5:8080/kiosk/" in screen
    actions = (tmp_path / "opt/kiosk/share/install-actions.txt").read_text().splitlines()
    assert "systemctl enable kiosk-printer.service" in actions
    assert "systemctl restart kiosk-printer.service" not in actions  # no token yet
    assert "systemctl enable kiosk.service" not in actions


def test_an_upgrade_keeps_settings_data_and_role_and_uninstall_keeps_them_too(bundle, tmp_path):
    install(bundle, tmp_path, "--role", "display", "--server", "http://10.0.0.5:8080")
    env = tmp_path / "etc/kiosk/kiosk.env"
    env.write_text("KIOSK_PRINTER=tcp://10.0.0.9:9100\n")
    database = tmp_path / "var/lib/kiosk/instance/kiosk.sqlite3"
    database.write_bytes(b"tickets")
    (tmp_path / "opt/kiosk/venv/old-marker").write_text("from the old version")
    install(bundle, tmp_path)  # again, no --role: as an upgrade from a newer bundle runs it
    assert env.read_text() == "KIOSK_PRINTER=tcp://10.0.0.9:9100\n"
    assert database.read_bytes() == b"tickets"
    assert not (tmp_path / "opt/kiosk/venv/old-marker").exists()  # the program is replaced
    screen = (tmp_path / "etc/kiosk/screen.env").read_text()
    assert "KIOSK_ROLE=display" in screen and "http://10.0.0.5:8080/display" in screen

    install(bundle, tmp_path, "--uninstall")
    assert not (tmp_path / "opt/kiosk/venv").exists()
    assert not (tmp_path / "etc/systemd/system/kiosk.service").exists()
    assert not (tmp_path / "usr/local/bin/kiosk").exists()
    assert env.read_text() == "KIOSK_PRINTER=tcp://10.0.0.9:9100\n"
    assert database.read_bytes() == b"tickets"


def test_a_damaged_bundle_is_refused(bundle, tmp_path):
    damaged = tmp_path / "bundle"
    shutil.copytree(bundle, damaged)
    with (damaged / "linux/systemd/kiosk.service").open("a") as unit:
        unit.write("ExecStartPost=/bin/evil\n")
    result = install(damaged, tmp_path / "root", check=False)
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert not (tmp_path / "root/etc/systemd/system/kiosk.service").exists()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        require_or_skip("KIOSK_REQUIRE_DEPLOY_TOOLS", f"{name} is not installed")
    return str(path)


def test_systemd_accepts_the_units(one_pc):
    analyze = _tool("systemd-analyze")
    system_units = Path("/lib/systemd/system")
    if not (system_units / "sysinit.target").exists():
        require_or_skip("KIOSK_REQUIRE_DEPLOY_TOOLS", "systemd's own units are not installed")
    # verify resolves the units' dependencies (network-online.target ...) inside the root.
    (one_pc / "usr/lib/systemd").mkdir(parents=True, exist_ok=True)
    link = one_pc / "usr/lib/systemd/system"
    if not link.exists():
        link.symlink_to(system_units)
    result = subprocess.run(
        [analyze, "verify", "--man=no", f"--root={one_pc}"]
        + [f"/etc/systemd/system/{unit}" for unit in UNITS],
        capture_output=True,
        text=True,
    )
    # Unknown keys and bad values are warnings with exit code 0: any line is a failure.
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def shell_scripts() -> list[Path]:
    return sorted(
        path
        for path in LINUX.rglob("*")
        if path.is_file() and path.read_bytes().startswith(b"#!") and b"sh\n" in path.read_bytes()
    )


def test_shellcheck_accepts_every_script():
    shellcheck = _tool("shellcheck")
    scripts = shell_scripts()
    assert {p.name for p in scripts} >= {"install.sh", "kiosk-browser", "kiosk-backup"}
    result = subprocess.run([shellcheck, *scripts], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def answering_server():
    """A local HTTP server that answers 200 to everything: the launcher waits for one."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_browser_launcher_passes_its_flags_and_restarts_chromium(tmp_path, answering_server):
    fake = tmp_path / "bin" / "chromium"
    fake.parent.mkdir()
    calls = tmp_path / "calls"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {calls}\nexit 1\n')  # dies at once
    fake.chmod(0o755)
    prefs = tmp_path / "home/.local/state/kiosk-browser/kiosk/Default/Preferences"
    prefs.parent.mkdir(parents=True)
    prefs.write_text('{"profile":{"exit_type":"Crashed","exited_cleanly":false}}')
    url = answering_server + "/kiosk/"
    env = {
        **os.environ,
        "PATH": f"{fake.parent}:{os.environ['PATH']}",
        "HOME": str(tmp_path / "home"),
    }
    env.pop("XDG_STATE_HOME", None)
    launcher = subprocess.Popen(
        [LINUX / "bin" / "kiosk-browser", "kiosk", url], env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(_lines(calls)) < 2:
            time.sleep(0.1)
    finally:
        os.killpg(launcher.pid, signal.SIGTERM)
        launcher.wait()
    runs = _lines(calls)
    assert len(runs) >= 2  # started again after it died
    flags = runs[0].split()
    for flag in (
        "--kiosk",
        "--noerrdialogs",
        "--disable-session-crashed-bubble",
        "--disable-pinch",
        "--overscroll-history-navigation=0",
        "--autoplay-policy=no-user-gesture-required",
        "--no-first-run",
        "--password-store=basic",
        f"--user-data-dir={prefs.parent.parent}",
    ):
        assert flag in flags, flag
    features = next(f for f in flags if f.startswith("--disable-features="))
    assert {"Translate", "TouchpadOverscrollHistoryNavigation"} <= set(features[19:].split(","))
    assert flags[-1] == url
    assert '"exit_type":"Normal"' in prefs.read_text()


def _fake_chromium(tmp_path: Path) -> tuple[Path, Path]:
    """A chromium on PATH that writes down how it was started, then waits to be ended."""
    fake = tmp_path / "bin" / "chromium"
    fake.parent.mkdir()
    calls = tmp_path / "calls"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {calls}\nexec sleep 30\n')
    fake.chmod(0o755)
    return fake.parent, calls


def _session(tmp_path: Path, screen_env: str, wait_for: int) -> list[str]:
    bin_dir, calls = _fake_chromium(tmp_path)
    conf = tmp_path / "screen.env"
    conf.write_text(screen_env)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HOME": str(tmp_path / "home"),
        "KIOSK_SCREEN_ENV": str(conf),
    }
    env.pop("XDG_STATE_HOME", None)
    env.pop("DISPLAY", None)
    session = subprocess.Popen([LINUX / "bin" / "kiosk-session"], env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(_lines(calls)) < wait_for:
            if session.poll() is not None:
                break
            time.sleep(0.1)
    finally:
        if session.poll() is None:
            os.killpg(session.pid, signal.SIGTERM)
        session.wait()
    return _lines(calls)


def test_a_one_pc_session_shows_the_kiosk_and_the_hall_display_on_the_second_output(
    tmp_path, answering_server
):
    user = pwd.getpwuid(os.getuid()).pw_name
    kiosk, display = answering_server + "/kiosk/", answering_server + "/display"
    runs = _session(
        tmp_path,
        f"KIOSK_SCREEN=kiosk\nKIOSK_SCREEN_USER={user}\nKIOSK_SCREEN_URL={kiosk}\n"
        f"KIOSK_DISPLAY_URL={display}\nKIOSK_DISPLAY_POSITION=1920,0\n",
        wait_for=2,
    )
    by_url = {run.split()[-1]: run for run in runs}
    assert set(by_url) == {kiosk, display}
    assert "--window-position=1920,0" in by_url[display]
    assert "kiosk-browser/display" in by_url[display]
    assert "--kiosk" in by_url[kiosk]


def test_another_user_signing_in_gets_no_kiosk(tmp_path):
    runs = _session(
        tmp_path, "KIOSK_SCREEN=kiosk\nKIOSK_SCREEN_USER=kiosk-screen-nobody\n", wait_for=1
    )
    assert runs == []


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_the_backup_script_keeps_the_newest_fourteen(tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    for day in range(1, 17):
        (backups / f"kiosk-202601{day:02d}-0230.backup").write_text("old")
    (backups / "notes.txt").write_text("not a backup")
    fake = tmp_path / "kiosk"
    fake.write_text('#!/bin/sh\n[ "$1 $2" = "backup --out" ] && echo new > "$3"\n')
    fake.chmod(0o755)
    env = {**os.environ, "KIOSK_BACKUP_DIR": str(backups), "KIOSK_COMMAND": str(fake)}
    subprocess.run([LINUX / "bin" / "kiosk-backup"], env=env, check=True, capture_output=True)
    kept = sorted(p.name for p in backups.glob("kiosk-*.backup"))
    assert len(kept) == 14
    assert "kiosk-20260103-0230.backup" not in kept and "kiosk-20260104-0230.backup" in kept
    assert any(not name.startswith("kiosk-202601") for name in kept)  # today's is among them
    assert (backups / "notes.txt").exists()


def test_the_udev_rule_gives_printers_to_the_kiosk_group():
    rules = [
        line
        for line in (LINUX / "udev" / "99-kiosk-printer.rules").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(rules) >= 2
    for rule in rules:
        assert 'GROUP="kiosk"' in rule and 'MODE="0660"' in rule
        for part in rule.split(", "):
            key = part.split("=", 1)[0].rstrip("!=+:")
            assert key.split("{")[0] in {
                "ACTION",
                "SUBSYSTEM",
                "ENV",
                "ATTR",
                "ATTRS",
                "KERNEL",
                "GROUP",
                "MODE",
            }, part
