"""The coder's compiled verb lexicon: verb forms -> verb entries -> patterns, built once per dictionary.

Pattern elements (parsed from PETRARCH pattern text, both the 2018/CAMEO.2.0 style with ``{noun phrases}`` and
``(PREP phrases)`` and the older TABARI style of plain word sequences joined by ``_``):

* ``Noun``: one or more alternative phrases (a synset expands to its phrases). ``braced`` phrases match by
  head: the last word is a token of the clause, the other words its modifiers; otherwise the words must be
  consecutive tokens.
* ``Prep``: a preposition with an optional object (a ``Noun`` or a ``$``/``+`` marker).
* ``Marker``: ``$`` (source here), ``+`` (target here), ``%`` (compound), ``^`` (skip).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Noun:
    alts: tuple[tuple[str, ...], ...]  # upper-case words per alternative phrase
    braced: bool = False
    label: str = ""

    @property
    def weight(self) -> int:
        return max((len(a) for a in self.alts), default=1)

    @functools.cached_property
    def by_key(self) -> dict[str, tuple[int, ...]]:
        """Alternative indices by the word a match is looked up by: the head (last word) of a braced phrase of
        several words, else the first word. (Built on first use; a frozen dataclass still has a ``__dict__``.)"""
        out: dict[str, list[int]] = {}
        for k, alt in enumerate(self.alts):
            out.setdefault(alt[-1] if self.braced and len(alt) > 1 else alt[0], []).append(k)
        return {w: tuple(ks) for w, ks in out.items()}


@dataclass(frozen=True)
class Prep:
    prep: str
    obj: Noun | None = None
    marker: str | None = None  # "$" | "+" when the object is a marker

    @property
    def weight(self) -> int:
        return 1 + (self.obj.weight if self.obj else 0)


@dataclass(frozen=True)
class Marker:
    marker: str

    @property
    def weight(self) -> int:
        return 1 if self.marker == "%" else 0


Element = Noun | Prep | Marker


@dataclass
class Pattern:
    pre: tuple[Element, ...]
    post: tuple[Element, ...]
    code: str  # "A", "A:B" (paired), or "---" (null)
    text: str
    path: str = ""
    line: int = 0
    block: str = ""
    ordered: bool = False  # TABARI style: elements must occur in this order
    pre_adjacent: tuple[str, ...] = ()  # words immediately before the verb ("IN_*")
    post_adjacent: tuple[str, ...] = ()  # words immediately after the verb ("*_OUT")

    needs: tuple[frozenset[str], ...] = ()  # per element, words of which one must be in the sentence

    def __post_init__(self) -> None:
        needs = []
        for e in self.pre + self.post:
            if isinstance(e, Noun):
                needs.append(frozenset(a[0] for a in e.alts) | frozenset(a[-1] for a in e.alts))
            elif isinstance(e, Prep):
                needs.append(frozenset({e.prep}))
        for w in self.pre_adjacent + self.post_adjacent:
            needs.append(frozenset({w}))
        for e in self.pre + self.post:  # a preposition's object too (last: ``candidates`` indexes ``needs[0]``)
            if isinstance(e, Prep) and e.obj is not None and e.marker != "^":
                needs.append(frozenset(a[0] for a in e.obj.alts) | frozenset(a[-1] for a in e.obj.alts))
        self.needs = tuple(needs)

    @functools.cached_property
    def region_keys(self) -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
        """Per section (pre, post), per word element, the words one of which its region must contain for it to
        match: a ``Noun``'s lookup words (``Noun.by_key``), a ``Prep``'s preposition and its object's lookup words
        (the object is looked for within the region, so most "(PREP {NOUN})" patterns that cannot match are
        dropped before the search)."""
        def keys(els: tuple[Element, ...]) -> tuple[frozenset[str], ...]:
            out: list[frozenset[str]] = []
            for e in els:
                if isinstance(e, Noun):
                    out.append(frozenset(e.by_key))
                elif isinstance(e, Prep):
                    out.append(frozenset({e.prep}))
                    if e.obj is not None and e.marker != "^":  # "(IN ^)" returns before looking for an object
                        out.append(frozenset(e.obj.by_key))
            return tuple(out)
        return keys(self.pre), keys(self.post)

    @property
    def specificity(self) -> int:
        return sum(e.weight for e in self.pre + self.post) + len(self.pre_adjacent) + len(self.post_adjacent)

    def cite(self) -> str:
        where = f" ({self.path.rsplit('/', 1)[-1]}:{self.line})" if self.path else ""
        return f"{self.block}: {self.text} [{self.code}]{where}"


@dataclass
class VerbEntry:
    verb: str  # the primary word, upper case ("BREAK")
    block: str
    code: str  # the verb's own code (or the block's)
    particles: tuple[str, ...] = ()  # words after the verb in a multi-word verb ("DOWN")
    prewords: tuple[str, ...] = ()  # words before it ("WIRE" in WIRE_+TAP)
    patterns: list[Pattern] = field(default_factory=list)
    path: str = ""
    line: int = 0
    _index: tuple[dict[str, list[int]], list[int]] | None = field(default=None, repr=False, compare=False)

    def candidates(self, words: set[str] | frozenset[str]) -> list[Pattern]:
        """Patterns whose first required element can be satisfied by ``words``, in file order."""
        if self._index is None:
            by_word: dict[str, list[int]] = {}
            free: list[int] = []
            for n, p in enumerate(self.patterns):
                if not p.needs:
                    free.append(n)
                    continue
                for w in p.needs[0]:
                    by_word.setdefault(w, []).append(n)
            self._index = (by_word, free)
        by_word, free = self._index
        hit = set(free)
        for w in by_word.keys() & words:  # the intersection is computed in C, walking ``words``
            hit.update(by_word[w])
        return [self.patterns[n] for n in sorted(hit)]

    def cite(self) -> str:
        where = f" ({self.path.rsplit('/', 1)[-1]}:{self.line})" if self.path else ""
        words = " ".join((*self.prewords, self.verb, *self.particles))
        return f"{self.block}: {words} [{self.code}]{where}"


@dataclass
class VerbLexicon:
    """``forms``: lower-case surface form or lemma -> entries (multi-word entries first)."""

    forms: dict[str, list[VerbEntry]] = field(default_factory=dict)
    entries: list[VerbEntry] = field(default_factory=list)

    def add_form(self, form: str, entry: VerbEntry) -> None:
        lst = self.forms.setdefault(form.lower(), [])
        if entry not in lst:
            lst.append(entry)
            lst.sort(key=lambda e: -(len(e.particles) + len(e.prewords)))

    def lookup(self, *keys: str) -> list[VerbEntry]:
        out: list[VerbEntry] = []
        for k in keys:
            for e in self.forms.get(k.lower(), ()):
                if e not in out:
                    out.append(e)
        return out

    def __len__(self) -> int:
        return len(self.entries)


def verb_forms(verb: str) -> set[str]:
    """Regular English forms of a verb (over-generating is harmless: forms are only looked up)."""
    v = verb.lower()
    out = {v, v + "s", v + "es", v + "ed", v + "d", v + "ing"}
    if v.endswith("e"):
        out |= {v[:-1] + "ing", v + "d"}
    if v.endswith("y") and len(v) > 1 and v[-2] not in "aeiou":
        out |= {v[:-1] + "ies", v[:-1] + "ied"}
    if len(v) >= 3 and v[-1] not in "aeiouwxy" and v[-2] in "aeiou" and v[-3] not in "aeiou":
        out |= {v + v[-1] + "ed", v + v[-1] + "ing"}
    return out
