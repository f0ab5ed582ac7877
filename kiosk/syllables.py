"""What a written Vietnamese syllable can look like, once its accents are taken off.

A barcode scanner working as a keyboard, when it is not set to Unicode, leaves out every
letter it cannot type: "Nguyễn Văn An" arrives as "Nguyn Vn An". Folded to plain letters, a
real syllable is an initial consonant (or none) and a rime from a short, closed list; the
remains of a mangled one rarely are ("nguyn": no rime "uyn"; "vn": no vowel at all). Pure: no
Flask."""

from __future__ import annotations

import re
import unicodedata

VOWELS = frozenset("aeiouy")
# Initials of standard spelling, and the clusters the Central Highlands' languages write in
# people's names (Êđê, Jrai, Bahnar, Kơho: "Krông", "Mlô", "Blă"), so those read as names.
INITIALS = (
    "ngh ng nh ch gh gi kh ph qu th tr b c d g h k l m n p r s t v x "
    "bl br dr kl kr ml pl pr tl hm hr hl"
).split()
# Every rime (vowel nucleus and final) of Vietnamese with its accents taken off:
# a, ă and â fold to "a"; e, ê to "e"; o, ô, ơ to "o"; u, ư to "u". "ie" is the Êđê "Niê".
RIMES = frozenset(
    """
    a ac ach ai am an ang anh ao ap at au ay
    e ec ech em en eng enh eo ep et eu
    i ia ich ie iec iem ien ieng iep iet ieu im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oen oeo oet oi om on ong ooc
    oong op ot
    u ua uan uang uat uc ue uech uenh ui um un ung uo uoc uoi uom uon uong uop uot uou up
    ut uu uy uya uych uyen uyet uynh uyt uyu
    y yem yen yet yeu
    """.split()
)
_SYLLABLE = re.compile(
    "(?:{})?(?:{})".format(
        "|".join(sorted(INITIALS, key=len, reverse=True)),
        "|".join(sorted(RIMES, key=len, reverse=True)),
    )
)


def fold(word: str) -> str:
    """Lower case without accents: "Nguyễn" -> "nguyen", "Đức" -> "duc"."""
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def could_be_syllable(word: str) -> bool:
    """Whether a word (letters only) can be a written Vietnamese syllable."""
    plain = fold(word)
    return bool(plain) and _SYLLABLE.fullmatch(plain) is not None


def has_vowel(word: str) -> bool:
    return any(c in VOWELS for c in fold(word))
