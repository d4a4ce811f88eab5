"""Shared helpers for the dictionary readers: error collection, file reading, comments, words and plurals.

Every reader reports problems as ``(path, line, message)`` triples (line 0 = the whole file) and collects
all of them before raising :class:`eventcoder.errors.DictionaryError`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from eventcoder.errors import DictionaryError

Problem = tuple[str, int, str]

NULL_CODES = frozenset({"---", ""})


class Problems:
    """Collects ``(path, line, message)`` errors; ``raise_if_any()`` raises one DictionaryError for all."""

    def __init__(self, path: str | Path = "?"):
        self.path = str(path)
        self.errors: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.errors.append((self.path, line, message))

    def extend(self, errors: list[Problem]) -> None:
        self.errors.extend(errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise DictionaryError(list(self.errors))


def read_lines(path: str | Path, problems: Problems | None = None) -> list[str]:
    """The lines of a text file (UTF-8, falling back to Latin-1), without line ends.

    Raises DictionaryError when the file cannot be read.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise DictionaryError([(str(path), 0, f"cannot read file: {e.strerror or e}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.splitlines()


def strip_comment(line: str, chars: str = "#") -> str:
    """Remove a trailing comment that starts with one of ``chars`` outside ``[...]`` (codes may hold ``#``)."""
    cut = -1
    for c in chars:
        i = line.find(c)
        if i >= 0 and (cut < 0 or i < cut):
            cut = i
    if cut < 0:
        return line
    if "[" not in line[:cut]:
        return line[:cut]
    depth = 0
    for i, c in enumerate(line):
        if c == "[":
            depth += 1
        elif c == "]":
            depth = max(0, depth - 1)
        elif depth == 0 and c in chars:
            return line[:i]
    return line


class XmlCommentFilter:
    """Skips ``<!-- ... -->`` comment lines and blocks (also the sloppy ``<! -- ... -->`` form).

    >>> f = XmlCommentFilter()
    >>> [f.skip(x) for x in ["<!-- a -->", "<!--", "# b", "-->", "X"]]
    [True, True, True, True, False]
    """

    _open = re.compile(r"^\s*<!\s*-")

    def __init__(self) -> None:
        self.inside = False

    def skip(self, line: str) -> bool:
        if self.inside:
            if "-->" in line:
                self.inside = False
            return True
        if self._open.match(line):
            if "-->" not in line:
                self.inside = True
            return True
        return False


def content_lines(lines: list[str], comment_chars: str = "#") -> Iterator[tuple[int, str, str]]:
    """Yield ``(line_number, raw_line, content)`` for non-blank, non-comment lines.

    ``content`` has its trailing comment removed and trailing whitespace stripped, leading whitespace kept.
    """
    xml = XmlCommentFilter()
    for n, raw in enumerate(lines, 1):
        if (xml.inside or "<!" in raw) and xml.skip(raw):
            continue
        content = strip_comment(raw, comment_chars).rstrip()
        if not content.strip():
            continue
        yield n, raw, content


# ---------------------------------------------------------------- words

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_PIECE = re.compile(r"[^\W_]+|[^\w\s]")
# punctuation that may or may not be written or split off: ignored when matching
_IGNORED = frozenset("'.-()\"")
_SIMPLE = re.compile(r"^[A-Za-z0-9 _]*$")


def fold(text: str) -> str:
    """Lower-case, unify quotes and dashes, drop accents: ``"Erdoğan’s"`` -> ``"erdogan's"``."""
    text = text.translate(_FOLD).lower()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def pieces(text: str) -> tuple[str, ...]:
    """The matching key of a word or phrase: folded alphanumeric runs and punctuation marks.

    Underscores and blanks separate words; apostrophes, periods, hyphens, brackets and quotes are ignored, so
    ``"AL-QAEDA"``, ``"al Qaeda"`` and the tokens ``["Al", "-", "Qaeda"]`` all give ``("al", "qaeda")``.

    >>> pieces("PEOPLE'S_LIBERATION_ARMY")
    ('people', 's', 'liberation', 'army')
    >>> pieces("U.S.")
    ('u', 's')
    """
    if _SIMPLE.match(text):
        return tuple(text.lower().replace("_", " ").split())
    return tuple(p for p in _PIECE.findall(fold(text).replace("_", " ")) if p not in _IGNORED)


_POSSESSIVE = re.compile(r"^(.*\w)(?:'s|')$")


def strip_possessive(word: str) -> str | None:
    """``"Gondor's"`` -> ``"Gondor"``, ``"Ministers'"`` -> ``"Ministers"``; None when not possessive."""
    m = _POSSESSIVE.match(word.translate(_FOLD))
    return m.group(1) if m else None


def display_name(phrase: str) -> str:
    """A readable form of a PETRARCH phrase: ``"VLADIMIR_PUTIN_"`` -> ``"Vladimir Putin"``."""
    text = " ".join(phrase.replace("_", " ").split())
    if not text.isupper():
        return text
    out = []
    cap = True
    for c in text.lower():
        out.append(c.upper() if cap else c)
        cap = c in " -(/."
    return "".join(out)


_NO_PLURAL = ("men", "people", "police", "personnel", "staff")


def plural(word: str) -> str:
    """Regular English plural of a word, keeping its case style; a word ending in a single ``s`` is returned
    unchanged (it is taken to be plural already).

    >>> plural("MINISTRY"), plural("boss"), plural("church"), plural("day"), plural("SOLDIER")
    ('MINISTRIES', 'bosses', 'churches', 'days', 'SOLDIERS')
    """
    upper = word.isupper()
    w = word.lower()
    if (w.endswith("s") and not w.endswith("ss")) or w.endswith(_NO_PLURAL):
        return word  # already plural ("forces", "gunmen") or a name that takes none ("Badghis")
    if w.endswith(("ss", "x", "z", "ch", "sh")):
        p = w + "es"
    elif w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        p = w[:-1] + "ies"
    else:
        p = w + "s"
    if upper:
        return p.upper()
    return p[:1].upper() + p[1:] if word[:1].isupper() else p


def plural_phrase(phrase: str) -> str:
    """Pluralise the last word of a phrase (words separated by blanks or underscores)."""
    m = re.match(r"^(.*?)([A-Za-z\u00c0-\uffff]+)$", phrase)
    if not m:
        return phrase
    return m.group(1) + plural(m.group(2))
