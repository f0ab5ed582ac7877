"""Vietnamese text folding: the one way text is compared in search.

`fold()` maps every way of writing a word to one key: NFC or NFD input, upper or lower case,
with or without tones and diacritics, old or new tone placement (hoà/hòa, thuỷ/thủy), the
look-alikes of đ, and the spellings where i and y are interchangeable.

The i/y rule: after folding, a syllable made of consonant letters followed by a lone "y"
(ky, ly, my, sy, ty, hy, ...) is written with "i" (ki, li, mi, si, ti, hi), because
Vietnamese writes both ký/kí, lý/lí, mỹ/mĩ, sỹ/sĩ, kỳ/kì, công ty/công ti for one sound.
Where "y" ends a vowel group ("uy", "ay", and "ây" which folds to "ay") it is a different
sound and stays. "qui" becomes "quy" (quí/quý, qui định/quy định sound the same).
"""

from __future__ import annotations

import re
import unicodedata

# đ and the letters that look like it in fonts and OCR output.
_D_LIKE = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "Ɖ": "d", "ɖ": "d"})

# A syllable whose onset is only consonant letters and whose vowel is a lone "y".
_CONSONANT_Y = re.compile(r"\b([bcdghklmnprstvx]+)y\b")
_QUI = re.compile(r"\bqui\b")

# Procedure codes (1.001193) stay one token; otherwise split on anything not a letter or digit.
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")


def fold(text: str) -> str:
    """Fold text to lower-case ASCII-like search form (see module docstring)."""
    text = unicodedata.normalize("NFC", text or "").translate(_D_LIKE).lower()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Lower-casing and stripping can reveal đ look-alikes only from exotic input; map again.
    stripped = unicodedata.normalize("NFC", stripped).translate(_D_LIKE)
    stripped = _CONSONANT_Y.sub(r"\1i", stripped)
    return _QUI.sub("quy", stripped)


def tokens(text: str) -> list[str]:
    """Folded word tokens; a procedure code such as 1.001193 stays whole."""
    return _TOKEN.findall(fold(text))


def raw_tokens(text: str) -> list[str]:
    """Word tokens as written (NFC, lower case, marks kept), split where tokens() splits."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text or "").lower())


# ---- how people misspell folded words ------------------------------------------------
# Onsets and finals that regional accents merge, so people write one for the other.
_ONSET_SWAPS = (("ch", "tr"), ("s", "x"), ("d", "gi"), ("d", "r"), ("gi", "r"), ("l", "n"))
_FINAL_SWAPS = (("ng", "n"), ("c", "t"), ("nh", "n"))


def misspellings(word: str) -> set[str]:
    """Words a folded word may have been meant as, under common accent-driven swaps."""
    found: set[str] = set()
    for a, b in _ONSET_SWAPS:
        for old, new in ((a, b), (b, a)):
            if word.startswith(old) and not (old == "n" and word.startswith(("ng", "nh"))):
                found.add(new + word[len(old) :])
    for a, b in _FINAL_SWAPS:
        for old, new in ((a, b), (b, a)):
            if word.endswith(old) and len(word) > len(old):
                if old == "n" and word.endswith(("ng", "nh")):
                    continue
                if old == "c" and word.endswith("ch"):
                    continue
                found.add(word[: -len(old)] + new)
    found.discard(word)
    return found


def deletions(word: str) -> set[str]:
    """Every string made by deleting one character (the key of a one-edit lookup)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
