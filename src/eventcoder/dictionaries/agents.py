"""Agent entries (roles and sectors such as ``~GOV``, ``NGO~``) and their in-memory index.

``~X`` (a *suffix* agent) is appended to the actor code (``USA`` + ``~GOV`` = ``USAGOV``); ``X~`` (a
*prefix* agent) is put before it (``NGO~`` + ``USA`` = ``NGOUSA``).

>>> fm = AgentEntry("foreign minister", "GOVFRM", plurals=("foreign ministers",), role="foreign minister")
>>> agents = AgentDictionary([fm])
>>> m = agents.match(["the", "Foreign", "Ministers", "met"], 1)
>>> m.code, m.prefix, m.plural, m.length, m.apply("IRN")
('GOVFRM', False, True, 2, 'IRNGOVFRM')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from eventcoder.dictionaries.common import pieces
from eventcoder.dictionaries.trie import PhraseTrie


@dataclass(slots=True)
class AgentEntry:
    """An agent: its name, the code (without ``~``), whether it is a prefix agent (``X~``), other singular
    names (``aliases``), plural forms (``plurals``) and an optional role (for the title check)."""

    name: str
    code: str
    prefix: bool = False
    aliases: tuple[str, ...] = ()
    plurals: tuple[str, ...] = ()
    role: str | None = None
    path: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def marker(self) -> str:
        """The code as written in dictionaries: ``~GOV`` or ``NGO~``."""
        return f"{self.code}~" if self.prefix else f"~{self.code}"

    def apply(self, actor_code: str | None) -> str:
        """Combine with an actor code: ``~GOV`` on ``USA`` gives ``USAGOV``; ``NGO~`` gives ``NGOUSA``."""
        base = actor_code or ""
        return self.code + base if self.prefix else base + self.code


@dataclass(frozen=True, slots=True)
class AgentMatch:
    entry: AgentEntry
    start: int
    length: int
    phrase: str
    plural: bool  # matched a plural form ("ministers")

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def prefix(self) -> bool:
        """True for ``X~`` agents (the code goes before the actor code)."""
        return self.entry.prefix

    @property
    def suffix(self) -> bool:
        return not self.entry.prefix

    def apply(self, actor_code: str | None) -> str:
        return self.entry.apply(actor_code)


class AgentDictionary:
    """All agents, indexed for longest-match lookup; later entries override earlier ones (by name and phrase)."""

    def __init__(self, entries: Iterable[AgentEntry] = ()):
        self._by_name: dict[tuple[str, ...], AgentEntry] = {}
        self._trie: PhraseTrie[tuple[AgentEntry, bool]] = PhraseTrie()
        for e in entries:
            self.add(e)

    def add(self, entry: AgentEntry) -> None:
        key = pieces(entry.name)
        old = self._by_name.pop(key, None)
        if old is not None:
            for phrase in (old.name, *old.aliases, *old.plurals):
                k = pieces(phrase)
                got = self._trie.get(k)
                if got is not None and got[0] is old:
                    self._trie.remove(k)
        self._by_name[key] = entry
        for phrase in (entry.name, *entry.aliases):
            self._trie.add(pieces(phrase), (entry, False))
        for phrase in entry.plurals:
            self._trie.add(pieces(phrase), (entry, True))

    def extend(self, entries: Iterable[AgentEntry]) -> None:
        for e in entries:
            self.add(e)

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Iterator[AgentEntry]:
        return iter(self._by_name.values())

    def match(self, words: Sequence[str], start: int) -> AgentMatch | None:
        """The longest agent phrase starting at ``words[start]`` (case-insensitive), or None."""
        got = self._trie.match(words, start)
        if got is None:
            return None
        (entry, is_plural), length, key = got
        return AgentMatch(entry, start, length, " ".join(key), is_plural)

    def lookup(self, name: str) -> AgentEntry | None:
        key = pieces(name)
        got = self._by_name.get(key)
        if got is None:
            hit = self._trie.get(key)
            got = hit[0] if hit else None
        return got
