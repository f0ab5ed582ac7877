"""Helpers for the printer tests: sample slips and the emupos ESC/POS emulator.

emupos needs Python 3.13, so it lives in its own venv under .cache/ (made on first use) and
runs `emupos_bridge.py` in a subprocess. Without Python 3.13 the tests that need it skip,
unless KIOSK_REQUIRE_PRINTER_EMULATOR=1 makes that a failure.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

from printer.slip import Slip
from tests.support import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".cache" / "emupos-venv"
EMUPOS = "emupos==0.4.0"
REQUIRE = "KIOSK_REQUIRE_PRINTER_EMULATOR"
BRIDGE = Path(__file__).with_name("emupos_bridge.py")

TICKET = Slip(
    title="Trung tâm Phục vụ hành chính công",
    big="A-007",
    lines=["Hộ tịch, chứng thực", "23/11/2026 08:15", "Trước bạn: 5 người"],
    qr="http://10.0.0.5:8000/t/6f1c2a9e4b7d",
    footer=["Quét mã để theo dõi lượt trên điện thoại.", "Vui lòng chờ gọi số."],
)
LONG_TICKET = Slip(
    title="Trung tâm Phục vụ hành chính công tỉnh Bà Rịa – Vũng Tàu, cơ sở 2",
    big="HT-1234",
    lines=[
        "Đăng ký kết hôn có yếu tố nước ngoài, ghi chú ly hôn, cấp bản sao trích lục hộ tịch "
        "và chứng thực chữ ký người dịch",
        "23/11/2026 08:15",
        "Trước bạn: 125 người",
    ],
    qr="http://trung-tam-phuc-vu-hanh-chinh-cong.ba-ria-vung-tau.gov.vn:8080/t/"
    "Zk3J9xQ2LrT8vN5mWb7YcP4sHd6Fg1Ae",
    footer=[
        "Quét mã để theo dõi lượt trên điện thoại.",
        "Vui lòng chờ gọi số. Nếu bạn vắng mặt khi được gọi, số của bạn sẽ được gọi lại sau.",
    ],
)


@dataclass
class Receipt:
    """One receipt as emupos printed it: the paper image, its text dump, how it ended."""

    image: Image.Image
    text: str
    boundary: str


def emupos_python() -> Path:
    """The emupos venv's python, made on first use; skips (or fails on CI) if it cannot be."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / "emupos-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs on one machine share the venv
        if python.exists() and stamp.exists() and stamp.read_text() == EMUPOS:
            return python
        base = _python_313()
        if base is None:
            require_or_skip(REQUIRE, "the emupos ESC/POS emulator needs Python 3.13 (pyenv)")
        subprocess.run([base, "-m", "venv", "--clear", str(VENV)], check=True)
        pip = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", EMUPOS], capture_output=True, text=True
        )
        if pip.returncode:
            require_or_skip(REQUIRE, f"pip could not install {EMUPOS}: {pip.stderr[-500:]}")
        stamp.write_text(EMUPOS)
    return python


def _python_313() -> str | None:
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = sorted(str(p) for p in pyenv.glob("3.1[3-9]*/bin/python3"))
    candidates += [shutil.which(name) for name in ("python3.13", "python3.14")]
    for candidate in filter(None, candidates):
        check = "import sys; sys.exit(sys.version_info < (3, 13))"
        if subprocess.run([candidate, "-c", check], capture_output=True).returncode == 0:
            return candidate
    return None


def emulate(data: bytes, width: int, workdir: Path) -> tuple[list[Receipt], list[dict]]:
    """Feed ESC/POS bytes to emupos: the receipts it printed and the commands it did not know."""
    workdir.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [str(emupos_python()), str(BRIDGE), "decode", str(width), str(workdir)],
        input=data,
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    result = json.loads(run.stdout)
    return [_receipt(r) for r in result["receipts"]], result["unknown"]


@contextmanager
def network_printer(width: int, workdir: Path, faults: tuple[str, ...] = ()):
    """An emupos printer on a local TCP port; yields (port, function listing its receipts)."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = [str(emupos_python()), str(BRIDGE), "serve", str(width), str(workdir), *faults]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        port = int(process.stdout.readline().split()[1])

        def receipts() -> list[Receipt]:
            names = sorted(workdir.glob("*.json"), key=lambda p: int(p.stem))
            return [_receipt(json.loads(p.read_text())) for p in names]

        yield port, receipts
    finally:
        process.stdin.close()
        process.stdout.close()
        process.wait(timeout=10)


def wait_until(condition, timeout: float = 5.0):
    """Poll `condition` until it is truthy (returned) or `timeout` seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.02)
    return None


def _receipt(info: dict) -> Receipt:
    with Image.open(info["png"]) as image:
        return Receipt(image.convert("1"), info["text"], info["boundary"])


def shows_the_slip(printed: Receipt, slip: Slip, width: int) -> bool:
    """Whether the paper shows exactly the laid-out slip down to its QR code (the text is
    drawn as an image, so this is how its words are read back: Vietnamese marks intact)."""
    from printer.layout import layout, render

    blocks = layout(slip, width, qr_in_image=False)
    at = next(i for i, block in enumerate(blocks) if block.qr)
    qr_top = sum(b.gap + b.image.height for b in blocks[:at]) + blocks[at].gap
    expected = render(slip, qr_in_image=False).crop((0, 0, width, qr_top)).convert("L")
    on_paper = printed.image.crop((0, 0, width, qr_top)).convert("L")
    return ImageChops.difference(on_paper, expected).getbbox() is None
