"""Running the `kiosk` command as a center does, for the benches that time it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

KIOSK = Path(sys.executable).with_name("kiosk")


def run(env: dict, *args: str) -> tuple[float, str]:
    """Seconds the command took and the last line it printed; exits with its output on failure."""
    started = time.perf_counter()
    done = subprocess.run([str(KIOSK), *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"kiosk {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed, done.stdout.strip().splitlines()[-1]
