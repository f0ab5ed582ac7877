"""Relative addresses inside the published copy, standing in for url_for when a page is
rendered for it: vi at the root, other languages under their code (en/p/CODE/), each page a
folder with index.html so that any static host serves `p/1.001193/` as is."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from kiosk.catalog.folding import fold

INDEX = "index.html"


def field_slug(name: str) -> str:
    """A field's folder name: "Hộ tịch" -> "ho-tich"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "field"


def page_path(lang: str, default_lang: str, *parts: str) -> str:
    """The folder of a page from the site's root, e.g. ("en", "vi", "p", "1.001193") ->
    "en/p/1.001193/"; the root's home is ""."""
    folders = ([] if lang == default_lang else [lang]) + [quote(p, safe=".") for p in parts]
    return "".join(f"{folder}/" for folder in folders)


class SiteUrls:
    """url_for() and the language links for one page of the copy at `here` (its folder from
    the root). Pages the copy does not hold (a ticket, the tracking-code lookup) lead to the
    center's own server."""

    def __init__(
        self,
        here: str,
        lang: str,
        default_lang: str,
        fields: dict[str, str],
        elsewhere: Callable[..., str],
        static: set[str],
    ):
        self.lang = lang
        self.default_lang = default_lang
        self.fields = fields
        self.elsewhere = elsewhere  # (endpoint, **values) -> the center server's absolute URL
        self.here = here
        self.static = static  # every static file a page links to, for the copy to hold
        self.root = "../" * here.count("/")

    def to(self, folder: str) -> str:
        """A relative link from this page to a folder of the copy ("" is the root)."""
        return (self.root + folder) or "./"

    def url_for(self, endpoint: str, **values) -> str:
        if endpoint == "static":
            self.static.add(values["filename"])
            return self.root + "static/" + values["filename"]
        if endpoint == "public.procedure":
            return self.to(page_path(self.lang, self.default_lang, "p", values["code"]))
        if endpoint == "public.home" and values.get("field") in self.fields:
            slug = self.fields[values["field"]]
            return self.to(page_path(self.lang, self.default_lang, "f", slug))
        if endpoint == "public.home" and not values:
            return self.to(page_path(self.lang, self.default_lang))
        if endpoint == "public.life_event":
            return self.to(page_path(self.lang, self.default_lang, "life", values["slug"]))
        if endpoint == "published.search_index":
            return self.root + "search-index.json"
        if endpoint == "public.short_link":
            return self.to(f"q/{values['slug']}/")
        return self.elsewhere(endpoint, **values)

    def language_url(self, lang: str) -> str:
        """The same page in another language."""
        prefix = "" if self.lang == self.default_lang else f"{self.lang}/"
        rest = self.here.removeprefix(prefix)
        return self.to(("" if lang == self.default_lang else f"{lang}/") + rest)
