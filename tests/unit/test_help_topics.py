"""The help topics shipped in kiosk/events/topics/: every file loads, each speaks vi, en and
id step for step, links are https, and the guides where a citizen types a password or a
one-time code say (in every language) that the citizen types it and tells no one, volunteers
included."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk.events.topics import LANGUAGES, HelpTopic, all_topics, find_topic

SHIPPED = (
    "vneid",
    "vneid_documents",
    "portal_signin",
    "submit_online",
    "pay_online",
    "lookup",
    "phone_basics",
)
# Topics where the citizen types a password or a one-time code: submit_online and lookup
# sign in to the portal too, so every shipped guide carries the rule.
CODE_TOPICS = SHIPPED
# The rule, per language: one step names the secret, says "no one" and names the volunteers.
SECRET = {"vi": ("mật khẩu", "mã"), "en": ("password", "code"), "id": ("kata sandi", "kode")}
NO_ONE = {"vi": ("cho ai",), "en": ("anyone", "no one"), "id": ("siapa pun",)}
VOLUNTEER = {"vi": ("tình nguyện viên",), "en": ("volunteer",), "id": ("relawan",)}


def _topic(key: str) -> HelpTopic:
    topic = find_topic(key)
    assert topic is not None, key
    return topic


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text.lower() for word in words)


def test_help_topic_files_all_load_in_their_order_with_unique_keys():
    topics = all_topics()
    assert tuple(t.key for t in topics) == SHIPPED
    assert len({t.order for t in topics}) == len(topics)


@pytest.mark.parametrize("key", SHIPPED)
def test_help_topic_speaks_every_language_step_for_step(key):
    topic = _topic(key)
    for part in ("name", "summary", "link_label"):
        for lang in LANGUAGES:
            assert getattr(topic, part)[lang].strip(), (key, part, lang)
    counts = {lang: len(topic.steps[lang]) for lang in LANGUAGES}
    assert len(set(counts.values())) == 1, counts
    assert 4 <= counts["vi"] <= 7, counts
    for lang in LANGUAGES:
        assert all(step.strip() for step in topic.steps[lang]), (key, lang)


@pytest.mark.parametrize("key", SHIPPED)
def test_help_topic_link_is_https(key):
    assert _topic(key).link.startswith("https://")


@pytest.mark.parametrize("key", SHIPPED)
def test_help_topic_vietnamese_is_composed_unicode(key):
    topic = _topic(key)
    texts = [topic.name["vi"], topic.summary["vi"], topic.link_label["vi"], *topic.steps["vi"]]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text


@pytest.mark.parametrize("key", CODE_TOPICS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_topic_says_the_citizen_keeps_passwords_and_codes(key, lang):
    steps = _topic(key).steps[lang]
    assert any(
        _mentions(step, SECRET[lang])
        and _mentions(step, NO_ONE[lang])
        and _mentions(step, VOLUNTEER[lang])
        for step in steps
    ), (key, lang)
