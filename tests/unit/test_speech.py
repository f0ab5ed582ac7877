"""Announcement texts as espeak-ng should read them, the WAV cache, the chime."""

from __future__ import annotations

import io
import itertools
import shutil
import sys
import wave
from array import array

import pytest

from kiosk.speech import (
    SpeechUnavailable,
    call_announcement,
    call_sentence,
    chime_wav,
    speech_wav,
    spoken_code,
    ticket_announcement,
)
from tests.support import require_or_skip


@pytest.mark.parametrize(
    ("code", "spoken"),
    [
        ("A-007", "A 7"),  # the number as a number ("bảy"), never "không không bảy"
        ("B-120", "B 120"),
        ("HT-105", "H T 105"),  # letters one by one, not read as a word
        ("a-010", "A 10"),
        ("C-000", "C 0"),
        ("odd code", "odd code"),  # not a ticket code: said as it is
    ],
)
def test_codes_are_spoken_as_letters_and_a_number(code, spoken):
    assert spoken_code(code) == spoken


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("vi", "Xin mời số A 7, đến quầy số 3."),
        ("en", "Number A 7, please go to counter 3."),
        ("id", "Nomor A 7, silakan ke loket 3."),
        ("fr", "Xin mời số A 7, đến quầy số 3."),  # an unknown language: the center's own
    ],
)
def test_call_announcements(locale, text):
    assert call_announcement("A-007", 3, locale) == text


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("vi", "Xin mời số H 1, đến bàn hỗ trợ số 2."),
        ("en", "Number H 1, please go to help desk 2."),
        ("id", "Nomor H 1, silakan ke meja bantuan 2."),
        ("fr", "Xin mời số H 1, đến bàn hỗ trợ số 2."),
    ],
)
def test_a_help_ticket_is_called_to_a_help_desk_not_a_counter(locale, text):
    assert call_announcement("H-001", 2, locale, help_desk=True) == text
    assert "{code}" in call_sentence(locale, help_desk=True)  # the display's sentence too
    assert call_sentence(locale, help_desk=True) != call_sentence(locale)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("vi", "Số của bạn là B 12."),
        ("en", "Your number is B 12."),
        ("id", "Nomor Anda B 12."),
    ],
)
def test_ticket_announcements(locale, text):
    assert ticket_announcement("B-012", locale) == text


def need_espeak():
    if shutil.which("espeak-ng") is None:
        require_or_skip("KIOSK_REQUIRE_SPEECH", "espeak-ng is not installed")


def test_speech_is_made_once_then_read_from_the_cache(tmp_path):
    need_espeak()
    data = speech_wav("Xin mời số A 7, đến quầy số 3.", "vi", tmp_path)
    with wave.open(io.BytesIO(data)) as spoken:
        # espeak-ng streams placeholder sizes; the header must give the real length.
        frames = spoken.getnframes() * spoken.getsampwidth() * spoken.getnchannels()
        assert frames == len(spoken.readframes(spoken.getnframes())) > 0
    assert [p.suffix for p in tmp_path.iterdir()] == [".wav"]
    again = speech_wav("Xin mời số A 7, đến quầy số 3.", "vi", tmp_path, program="/nonexistent")
    assert again == data


def test_a_missing_espeak_is_a_clear_error(tmp_path):
    with pytest.raises(SpeechUnavailable, match="espeak-ng"):
        speech_wav("Xin mời", "vi", tmp_path, program=str(tmp_path / "espeak-ng"))
    assert list(tmp_path.iterdir()) == []


def test_text_that_looks_like_an_option_is_spoken_not_obeyed(tmp_path):
    need_espeak()
    data = speech_wav("--version", "en", tmp_path)
    assert data[:4] == b"RIFF"


def test_the_chime_is_a_soft_ding_dong():
    with wave.open(io.BytesIO(chime_wav())) as chime:
        assert (chime.getnchannels(), chime.getsampwidth()) == (1, 2)
        rate = chime.getframerate()
        values = array("h", chime.readframes(chime.getnframes()))
    if sys.byteorder == "big":
        values.byteswap()
    assert 1 < len(values) / rate < 2
    ding, dong = values[: rate // 2], values[int(0.6 * rate) : int(1.4 * rate)]
    assert pitch(ding, rate) == pytest.approx(659.25, rel=0.02)  # E5, then
    assert pitch(dong, rate) == pytest.approx(523.25, rel=0.02)  # C5
    assert max(map(abs, values)) < 32767 // 2  # soft, far from clipping


def pitch(samples, rate: int) -> float:
    """Frequency from zero crossings (the chime's overtone adds none)."""
    crossings = sum((a < 0) != (b < 0) for a, b in itertools.pairwise(samples))
    return crossings / 2 / (len(samples) / rate)
