"""espeak-ng with the Vietnamese voice, which speaks the hall display's calls. Needed when
KIOSK_ESPEAK_NG names it (the center wants spoken calls); otherwise its absence is a
warning: the display then shows its calls silently."""

from __future__ import annotations

import subprocess

from kiosk.speech import VOICES, SpeechUnavailable, find_espeak

from . import Context, Result, fail, ok, warn

NAME = "speech"
INSTALL = "apt-get install espeak-ng (Windows: the eSpeak NG installer), or set KIOSK_ESPEAK_NG"


def check(context: Context) -> list[Result]:
    setting = context.settings.get("ESPEAK_NG")
    needed = bool(setting)
    problem = fail if needed else warn
    try:
        program = str(setting) if setting else find_espeak()
    except SpeechUnavailable:
        return [problem(NAME, "espeak-ng is not installed: calls are shown, not spoken", INSTALL)]
    voice = VOICES["vi"]
    try:
        done = subprocess.run(
            [program, "-v", voice, "-q", "xin chào"],
            capture_output=True,
            timeout=context.timeout * 4,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [problem(NAME, f"{program} does not run: {exc}", INSTALL)]
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
        return [
            problem(
                NAME,
                f"{program} has no Vietnamese voice: {said}",
                "install the full espeak-ng data (apt-get install espeak-ng-data)",
            )
        ]
    return [ok(NAME, f"{program} speaks Vietnamese (voice {voice})")]
