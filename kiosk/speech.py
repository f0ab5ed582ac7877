"""Spoken announcements, offline: the texts, espeak-ng WAVs cached on disk, a chime.

espeak-ng reads "A-007" digit by digit and a letter pair as a word, so a ticket code is
spoken as its letters one by one and its number as a number: "A 7", "H T 105"."""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import wave
from functools import cache
from pathlib import Path

VOICES = {"vi": "vi", "en": "en", "id": "id"}  # locale -> espeak-ng voice
SPEED = 140  # words per minute; espeak-ng's 175 is too quick for a noisy hall
TIMEOUT = 20  # seconds; one sentence takes a few milliseconds

# The call is one sentence for the ear and the eye: the hall display shows it with the code
# as printed ("A-007"), the speech says it with the code as spoken ("A 7").
CALL = {
    "vi": "Xin mời số {code}, đến quầy số {counter}.",
    "en": "Number {code}, please go to counter {counter}.",
    "id": "Nomor {code}, silakan ke loket {counter}.",
}
# A ticket of the help desks' service ("Digital Citizen Saturday", kiosk/events) is called to
# a help desk (bàn hỗ trợ), not to a counter.
CALL_TO_HELP_DESK = {
    "vi": "Xin mời số {code}, đến bàn hỗ trợ số {counter}.",
    "en": "Number {code}, please go to help desk {counter}.",
    "id": "Nomor {code}, silakan ke meja bantuan {counter}.",
}
TICKET = {
    "vi": "Số của bạn là {code}.",
    "en": "Your number is {code}.",
    "id": "Nomor Anda {code}.",
}
STEP = {"vi": "Bước {number}.", "en": "Step {number}.", "id": "Langkah {number}."}
CODE = re.compile(r"([A-Za-z]+)[^A-Za-z0-9]?0*(\d+)")  # any separator KIOSK_TICKET_SEPARATOR sets


class SpeechUnavailable(RuntimeError):
    """espeak-ng is not installed (or failed); the caller goes on without sound."""


def spoken_code(code: str) -> str:
    """A code as speech wants it: "A-007" -> "A 7", "HT-105" -> "H T 105"."""
    match = CODE.fullmatch(code)
    if match is None:
        return code.replace("-", " ")
    letters, number = match.groups()
    return f"{' '.join(letters.upper())} {int(number)}"


def call_sentence(locale: str = "vi", help_desk: bool = False) -> str:
    """The call with {code} and {counter} slots, as the hall hears it and its display shows it;
    `help_desk`: the ticket is called to a help desk."""
    sentences = CALL_TO_HELP_DESK if help_desk else CALL
    return sentences.get(locale, sentences["vi"])


def call_announcement(
    code: str, counter_number: int, locale: str = "vi", help_desk: bool = False
) -> str:
    """What the hall hears when a counter (or a help desk) calls a ticket."""
    sentence = call_sentence(locale, help_desk)
    return sentence.format(code=spoken_code(code), counter=counter_number)


def ticket_announcement(code: str, locale: str = "vi") -> str:
    """What the kiosk says when it hands out a ticket."""
    return TICKET.get(locale, TICKET["vi"]).format(code=spoken_code(code))


def guide_announcement(name: str, steps: tuple[str, ...] | list[str], locale: str = "vi") -> str:
    """A help topic's guide read aloud: its name, then each step with its number."""
    step = STEP.get(locale, STEP["vi"])
    said = [f"{name}."] + [f"{step.format(number=n)} {text}" for n, text in enumerate(steps, 1)]
    return "\n".join(said)


def speech_wav(text: str, voice: str, cache_dir: Path, program: str | None = None) -> bytes:
    """The WAV of `text` spoken by espeak-ng `voice`, made once and then read from cache_dir."""
    key = hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()
    cached = Path(cache_dir) / f"{key}.wav"
    if cached.exists():
        return cached.read_bytes()
    data = _speak(text, voice, program or find_espeak())
    _write_atomically(cached, data)
    return data


def find_espeak() -> str:
    """espeak-ng on PATH, else where its Windows installer puts it; SpeechUnavailable if none."""
    found = shutil.which("espeak-ng")
    if found:
        return found
    windows = Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "eSpeak NG"
    if (windows / "espeak-ng.exe").exists():
        return str(windows / "espeak-ng.exe")
    raise SpeechUnavailable("espeak-ng is not installed (Debian: apt-get install espeak-ng)")


def _speak(text: str, voice: str, program: str) -> bytes:
    # An argument list and the text on stdin: nothing is ever parsed by a shell, and a text
    # starting with "-" cannot pass for an option.
    command = [program, "-v", voice, "-s", str(SPEED), "-b", "1", "--stdin", "--stdout"]
    try:
        done = subprocess.run(
            command, input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpeechUnavailable(f"espeak-ng failed: {exc}") from exc
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        raise SpeechUnavailable(f"espeak-ng failed: {done.stderr.decode(errors='replace')}")
    return _with_true_lengths(done.stdout)


def _with_true_lengths(data: bytes) -> bytes:
    """espeak-ng streams to stdout with placeholder sizes in the header; write real ones,
    so that every browser knows the duration."""
    with wave.open(io.BytesIO(data)) as source:
        params = source.getparams()
        frames = source.readframes(params.nframes)
    return _wav(frames, params.nchannels, params.sampwidth, params.framerate)


def _wav(frames: bytes, channels: int, width: int, rate: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setnchannels(channels)
        target.setsampwidth(width)
        target.setframerate(rate)
        target.writeframes(frames)
    return out.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    # Two requests may make the same file at once: each writes its own and renames it.
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)


CHIME_RATE = 22050
CHIME_NOTES = ((659.25, 0.55), (523.25, 0.9))  # E5 then C5, seconds: a "ding-dong"


@cache
def chime_wav() -> bytes:
    """A soft two-tone chime (16-bit mono WAV), computed once per process."""
    samples = bytearray()
    for frequency, seconds in CHIME_NOTES:
        for i in range(int(CHIME_RATE * seconds)):
            t = i / CHIME_RATE
            # A bell: fundamental plus a quieter octave, a 5 ms attack (no click), then decay.
            envelope = min(1.0, t / 0.005) * math.exp(-3.5 * t)
            tone = math.sin(2 * math.pi * frequency * t)
            tone += 0.3 * math.sin(4 * math.pi * frequency * t)
            value = int(0.45 * 32767 * envelope * tone / 1.3)
            samples += value.to_bytes(2, "little", signed=True)
    return _wav(bytes(samples), 1, 2, CHIME_RATE)
