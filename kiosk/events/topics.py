"""The help topics of the help desks: short step-by-step guides in vi/en/id, one TOML file
each in kiosk/events/topics/ (our own words: official apps change their screens often, so
no copied screenshots), with the official page a QR code opens on the citizen's phone.

A topic file holds: key, order, link (the official guide, site or app-store page),
[name], [summary], [link_label] (one text per language) and [steps] (a list per language).
Pure: no Flask."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TOPICS_DIR = Path(__file__).with_name("topics")
LANGUAGES = ("vi", "en", "id")


@dataclass(frozen=True)
class HelpTopic:
    key: str
    order: int
    link: str
    name: dict[str, str]
    summary: dict[str, str]
    link_label: dict[str, str]
    steps: dict[str, tuple[str, ...]]

    def text(self, part: str, locale: str) -> str:
        """name, summary or link_label in the locale, Vietnamese when it has none."""
        words = getattr(self, part)
        return words.get(locale) or words["vi"]

    def steps_in(self, locale: str) -> tuple[str, ...]:
        return self.steps.get(locale) or self.steps["vi"]


class TopicFileError(ValueError):
    """A topic file that cannot be used (says which file and what is wrong)."""


def _read(path: Path) -> HelpTopic:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        topic = HelpTopic(
            key=str(data["key"]),
            order=int(data.get("order", 100)),
            link=str(data["link"]),
            name=dict(data["name"]),
            summary=dict(data["summary"]),
            link_label=dict(data["link_label"]),
            steps={lang: tuple(steps) for lang, steps in data["steps"].items()},
        )
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise TopicFileError(f"{path.name}: {exc}") from exc
    for part in ("name", "summary", "link_label", "steps"):
        missing = [lang for lang in LANGUAGES if not getattr(topic, part).get(lang)]
        if missing:
            raise TopicFileError(f"{path.name}: [{part}] has nothing in {', '.join(missing)}")
    if not topic.link.startswith("https://"):
        raise TopicFileError(f"{path.name}: the link must be an https:// address")
    return topic


@cache
def all_topics(directory: Path = TOPICS_DIR) -> tuple[HelpTopic, ...]:
    """Every topic, in their `order` (then key); raises TopicFileError for a broken file."""
    topics = [_read(path) for path in sorted(directory.glob("*.toml"))]
    keys = [t.key for t in topics]
    if len(set(keys)) != len(keys):
        raise TopicFileError(f"two topic files share a key: {sorted(keys)}")
    return tuple(sorted(topics, key=lambda t: (t.order, t.key)))


def topic_keys() -> tuple[str, ...]:
    return tuple(t.key for t in all_topics())


def find_topic(key: str) -> HelpTopic | None:
    return next((t for t in all_topics() if t.key == key), None)


def topics_of(keys: list[str] | tuple[str, ...]) -> list[HelpTopic]:
    """The topics of these keys in that order (unknown keys left out)."""
    known = {t.key: t for t in all_topics()}
    return [known[k] for k in keys if k in known]
