"""Actor entries with date-bounded codes, and the in-memory actor index.

>>> import datetime as dt
>>> putin = ActorEntry("Vladimir Putin", aliases=("Putin",), codes=(
...     CodeSpan("RUSGOV", dt.date(2000, 5, 7), None, "president"), CodeSpan("RUSELI")))
>>> actors = ActorDictionary([putin])
>>> m = actors.match(["President", "Putin's", "visit"], 1)
>>> m.entry.name, m.length, m.code_at(dt.date(2017, 1, 1)), m.role_at(dt.date(2017, 1, 1))
('Vladimir Putin', 1, 'RUSGOV', 'president')
>>> m.code_at(dt.date(1999, 1, 1))
'RUSELI'
>>> actors.lookup("vladimir  PUTIN") is putin
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from eventcoder.dictionaries.common import pieces
from eventcoder.dictionaries.trie import PhraseTrie


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """A code valid from ``start`` to ``end`` (both inclusive; None = unbounded), with an optional role.

    ``code`` None is the null code (PETRARCH ``---``): the actor is known but has no code then.
    A span with neither bound is a default code.
    """

    code: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(slots=True)
class ActorEntry:
    """One actor: a canonical name, other names (``aliases``, matched exactly) and its codes over time.

    ``codes`` keeps file order: for a date, the first dated span that covers it wins; otherwise the first
    undated span (the default). ``path``/``line`` say where the entry was defined (not compared).
    """

    name: str
    aliases: tuple[str, ...] = ()
    codes: tuple[CodeSpan, ...] = ()
    type: str | None = None
    country: str | None = None
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def default(self) -> CodeSpan | None:
        """The undated code span, if any."""
        for s in self.codes:
            if not s.dated:
                return s
        return None

    def span_at(self, date: dt.date | None) -> CodeSpan | None:
        """The span that applies on ``date``.

        With a date: the first dated span covering it, else the default. Without a date: the default, else
        the most recent span (the one with the latest end; open-ended counts as latest).
        """
        if date is not None:
            for s in self.codes:
                if s.dated and s.covers(date):
                    return s
            return self.default
        d = self.default
        if d is not None:
            return d
        best: CodeSpan | None = None
        for s in self.codes:
            if best is None or _end_key(s) >= _end_key(best):
                best = s
        return best

    def code_at(self, date: dt.date | None) -> str | None:
        """The code valid on ``date`` (None: no code applies, or the null code)."""
        s = self.span_at(date)
        return s.code if s else None

    def role_at(self, date: dt.date | None) -> str | None:
        """The role (e.g. ``"president"``) on ``date``, when the dictionary gives one."""
        s = self.span_at(date)
        return s.role if s else None

    def codes_at(self, date: dt.date | None) -> tuple[str, ...]:
        """The code on ``date`` split into its actors: ``FRO/BIL/SAM`` (a group that stands for several
        actors, as in PETRARCH's validation suite) gives three codes; no code gives ()."""
        code = self.code_at(date)
        return tuple(c for c in code.split("/") if c) if code else ()


def _end_key(s: CodeSpan) -> dt.date:
    return s.end or dt.date.max


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A phrase of an actor found at ``words[start:start + length]``."""

    entry: ActorEntry
    start: int
    length: int
    phrase: str  # the dictionary phrase that matched, normalised ("united states")

    @property
    def end(self) -> int:
        return self.start + self.length

    def code_at(self, date: dt.date | None) -> str | None:
        return self.entry.code_at(date)

    def role_at(self, date: dt.date | None) -> str | None:
        return self.entry.role_at(date)

    def codes_at(self, date: dt.date | None) -> tuple[str, ...]:
        return self.entry.codes_at(date)


class ActorDictionary:
    """All actors, indexed for longest-match lookup over token texts.

    Adding an entry whose name (normalised) is already present replaces the old entry; a phrase defined by
    several entries belongs to the one added last. So later files override earlier ones.
    """

    def __init__(self, entries: Iterable[ActorEntry] = ()):
        self._by_name: dict[tuple[str, ...], ActorEntry] = {}
        self._trie: PhraseTrie[ActorEntry] = PhraseTrie()
        for e in entries:
            self.add(e)

    def add(self, entry: ActorEntry) -> None:
        key = pieces(entry.name)
        old = self._by_name.pop(key, None)
        if old is not None:
            for phrase in old.names:
                self._trie.remove(pieces(phrase), old)
        self._by_name[key] = entry
        self._trie.add(key, entry)
        for phrase in entry.aliases:
            self._trie.add(pieces(phrase), entry)

    def extend(self, entries: Iterable[ActorEntry]) -> None:
        for e in entries:
            self.add(e)

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._by_name.values())

    @property
    def phrase_count(self) -> int:
        return len(self._trie)

    def match(self, words: Sequence[str], start: int) -> ActorMatch | None:
        """The longest actor phrase starting at ``words[start]`` (case-insensitive), or None."""
        got = self._trie.match(words, start)
        if got is None:
            return None
        entry, length, key = got
        return ActorMatch(entry, start, length, " ".join(key))

    def lookup(self, name: str) -> ActorEntry | None:
        """The entry with this canonical name or alias (normalised: case, ``_``, punctuation ignored)."""
        key = pieces(name)
        return self._by_name.get(key) or self._trie.get(key)
