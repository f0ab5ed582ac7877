"""The hall display (/display), its feed, and spoken announcements (/audio/...)."""

from flask import Blueprint

bp = Blueprint("display", __name__)

from . import audio, feed, pages  # noqa: E402,F401


@bp.record_once
def _answer_unchanged_polls_before_flask(state) -> None:
    # Displays poll every second and nearly always hear "not modified": see feed.py.
    path = (state.url_prefix or "") + feed.FEED_PATH
    state.app.wsgi_app = feed.FeedShortcut(state.app, state.app.wsgi_app, path)
