"""Announcement audio: /audio/call/A-007/3.wav, /audio/ticket/A-007.wav, /audio/chime.wav.

The same words give the same file, so browsers may keep them for a day. Without espeak-ng
the speech routes answer 503 and the display shows its calls silently."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Response, abort, current_app, request
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.models import Counter, DailySequence, Service
from kiosk.speech import (
    VOICES,
    SpeechUnavailable,
    call_announcement,
    chime_wav,
    speech_wav,
    ticket_announcement,
)
from kiosk.web import today

from . import bp

# As issued: "A-007", or with the separator KIOSK_TICKET_SEPARATOR sets ("A007", "A.007").
CODE = re.compile(r"([A-Za-z]{1,4})[^A-Za-z0-9]?([0-9]{1,7})")
CACHE_SECONDS = 86400


@bp.get("/audio/call/<code>/<int:counter>.wav")
def call_audio(code: str, counter: int):
    """Speak a call ("Number A 7, please go to counter 3") in ?lang= or the center's language;
    ?desk=help calls to a help desk ("… please go to help desk 3")."""
    _known_or_404(code, counter)
    locale = _locale()
    help_desk = request.args.get("desk") == "help"
    return speech_response(call_announcement(code, counter, locale, help_desk), locale)


@bp.get("/audio/ticket/<code>.wav")
def ticket_audio(code: str):
    """Speak a new ticket's number ("Your number is A 7") for the kiosk's ticket screen."""
    _known_or_404(code)
    locale = _locale()
    return speech_response(ticket_announcement(code, locale), locale)


@bp.get("/audio/chime.wav")
def chime():
    return _wav_response(chime_wav())


def _known_or_404(code: str, counter: int | None = None) -> None:
    # Only a number given out today and a real counter: the disk cache never fills with noise.
    match = CODE.fullmatch(code)
    if match is None:
        abort(404)
    session = get_session()
    given_out = session.scalar(
        select(DailySequence.last_number)
        .join(Service, Service.id == DailySequence.service_id)
        .where(Service.prefix == match.group(1), DailySequence.day == today())
    )
    if given_out is None or int(match.group(2)) > given_out:
        abort(404)
    if (
        counter is not None
        and session.scalar(select(Counter.id).where(Counter.number == counter)) is None
    ):
        abort(404)


def _locale() -> str:
    for wanted in (request.args.get("lang"), current_app.config["DEFAULT_LOCALE"]):
        if wanted in VOICES:
            return wanted
    return "vi"


def speech_response(text: str, locale: str) -> Response:
    """`text` spoken in `locale`'s voice as a WAV response (cached on disk), 503 without
    espeak-ng; the kiosk's read-aloud guides use it too."""
    cache_dir = Path(current_app.instance_path) / "speech"
    try:
        data = speech_wav(text, VOICES[locale], cache_dir, current_app.config.get("ESPEAK_NG"))
    except SpeechUnavailable as missing:
        if not current_app.extensions.get("speech_warned"):
            current_app.extensions["speech_warned"] = True  # once, not on every call
            current_app.logger.warning("Announcements are silent: %s", missing)
        return Response("Speech is unavailable.", 503, mimetype="text/plain")
    return _wav_response(data)


def _wav_response(data: bytes) -> Response:
    response = Response(data, mimetype="audio/wav")
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    response.add_etag()
    response.make_conditional(request, accept_ranges=True, complete_length=len(data))
    return response
