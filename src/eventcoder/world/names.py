"""Name normalisation shared by the gazetteer build script and the runtime lookup.

Keys are lower case, without diacritics, with dots removed, hyphens/apostrophes/commas turned into spaces and
a leading article ("the") dropped: "São Paulo" -> "sao paulo", "U.S." -> "us", "the Netherlands" -> "netherlands".
Changing this function requires rebuilding ``data/world/gazetteer.tsv.gz`` (scripts/build_gazetteer.py).
"""

from __future__ import annotations

import functools
import re
import unicodedata

_PUNCT = re.compile(r"[\-\u2010-\u2015'\u2019\u2018`,/()]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Strip diacritics (NFKD without combining marks)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 15)
def normalize(name: str) -> str:
    """The lookup key of a place name (case-, diacritics- and punctuation-insensitive)."""
    key = fold(name).lower().replace(".", "")
    key = _PUNCT.sub(" ", key)
    key = _SPACES.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def is_latin(name: str) -> bool:
    """True when the name is written in Latin letters (ASCII once diacritics are folded)."""
    return fold(name).isascii()
