"""The actor base for context resolution: names, aliases and date-bounded codes with roles.

Built from the entries the dictionaries package reads from the project's own ``*.actors`` format
(``eventcoder.dictionaries.ownformat.read_actors``: one reader of that format), so the ``actor_context`` stage
can answer "who was Iran's president on 2017-11-28?" and "what was Rouhani's role then?". Lookups are by
normalised alias (case-insensitive, whitespace collapsed) and by (country, role, date).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eventcoder.errors import DictionaryError

if TYPE_CHECKING:
    from eventcoder.dictionaries.actors import ActorEntry

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_FILES: tuple[Path, ...] = (DATA / "dictionaries" / "current.actors",)

@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Lower-case, unify quotes/dashes, drop periods in initialisms, collapse spaces."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"(?<=\b[A-Za-z])\.", "", t)  # U.S. -> US
    return " ".join(t.replace("_", " ").lower().split())


@functools.lru_cache(maxsize=1 << 14)
def first_chunk(key: str) -> str:
    """The leading run of word characters of a normalised text ("al-assad" -> "al")."""
    m = re.match(r"\w+", key)
    return m.group(0) if m else key[:1]


@dataclass(frozen=True)
class CodeSpan:
    code: str | None  # None: the null code ("---"), known but no code then
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None

    def covers(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass
class Actor:
    name: str
    aliases: list[str] = field(default_factory=list)
    type: str | None = None
    country: str | None = None
    default: str | None = None
    spans: list[CodeSpan] = field(default_factory=list)

    def span_on(self, date: dt.date | None) -> CodeSpan | None:
        """The dated code valid on ``date`` (latest start wins on a hand-over day); None if none covers it."""
        if date is None:
            return None
        hits = [s for s in self.spans if s.covers(date)]
        if not hits:
            return None
        return max(hits, key=lambda s: s.start or dt.date.min)

    def code_on(self, date: dt.date | None) -> str | None:
        s = self.span_on(date)
        if s is not None:
            return s.code
        if date is None and self.spans and not self.default:
            return None
        return self.default

    def role_on(self, date: dt.date | None) -> str | None:
        s = self.span_on(date)
        return s.role if s else None

    def roles_on(self, date: dt.date | None) -> set[str]:
        """Every role held on ``date`` (a crown prince can also be prime minister)."""
        if date is None:
            return set()
        return {s.role for s in self.spans if s.role and s.covers(date)}

    def roles(self) -> set[str]:
        return {s.role for s in self.spans if s.role}


class ActorBase:
    """Actors keyed by normalised alias; later files override earlier ones for the same canonical name."""

    def __init__(self, actors: Iterable[Actor] = ()):
        self.actors: dict[str, Actor] = {}
        self.by_alias: dict[str, Actor] = {}
        self.acronyms: set[str] = set()  # aliases written in capitals: they match only capitals ("IS")
        self.first_chunks: set[str] = set()  # leading word characters of every alias: a fast pre-check
        self._max_words = 1
        for a in actors:
            self.add(a)

    def add(self, actor: Actor) -> None:
        self.__dict__.pop("alias_prefixes", None)  # rebuilt on next use
        self.actors[normalise(actor.name)] = actor
        for alias in [actor.name, *actor.aliases]:
            key = normalise(alias)
            self.by_alias[key] = actor
            self.first_chunks.add(first_chunk(key))
            self._max_words = max(self._max_words, len(re.findall(r"\w+|[^\w\s]", key)))
            if alias.isupper() and len(alias.replace(".", "")) <= 5:
                self.acronyms.add(key)

    def __len__(self) -> int:
        return len(self.actors)

    def lookup(self, text: str) -> Actor | None:
        return self.by_alias.get(normalise(text))

    def holders(self, country: str, roles: Iterable[str], date: dt.date | None) -> list[Actor]:
        """Persons of ``country`` whose role on ``date`` is one of ``roles``."""
        if date is None:
            return []
        want = set(roles)
        out = []
        for a in self.actors.values():
            if a.country != country or a.type not in (None, "person"):
                continue
            s = a.span_on(date)
            if s is not None and want & a.roles_on(date):
                out.append(a)
        return out

    @functools.cached_property
    def alias_prefixes(self) -> frozenset[str]:
        """Every prefix of every normalised alias: a span whose key is none of these, and every longer span
        from the same token, is no alias (built on first use; the base does not change after loading)."""
        return frozenset(k[:j] for k in self.by_alias for j in range(len(k) + 1))

    @property
    def max_alias_words(self) -> int:
        """The most tokens an alias can span (words and punctuation counted apart, as spaCy splits them)."""
        return self._max_words

    @classmethod
    def load(cls, paths: Iterable[str | Path] = DEFAULT_FILES) -> ActorBase:
        """The actors of ``*.actors`` files, read by the dictionaries package (later files win)."""
        from eventcoder.dictionaries.ownformat import read_actors

        base = cls()
        errors: list[tuple[str, int, str]] = []
        for p in paths:
            entries, problems = read_actors(p)
            errors.extend(problems)
            for entry in entries:
                base.add(actor_from_entry(entry))
        if errors:
            raise DictionaryError(errors)
        return base


def actor_from_entry(entry: ActorEntry) -> Actor:
    """An actor-base ``Actor`` from a dictionary ``ActorEntry``: an undated code with no role is the default
    (the last one, if several); dated codes, and undated ones with a role, are spans; roles are lower-case."""
    actor = Actor(name=entry.name, aliases=list(entry.aliases), type=entry.type, country=entry.country)
    for cs in entry.codes:
        role = cs.role.strip().lower() or None if cs.role else None
        if not cs.dated and role is None:
            actor.default = cs.code
        else:
            actor.spans.append(CodeSpan(cs.code, cs.start, cs.end, role))
    return actor
