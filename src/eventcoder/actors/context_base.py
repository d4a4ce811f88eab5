"""The actor base for context resolution: names, aliases and date-bounded codes with roles.

Reads the project's own ``*.actors`` format (docs/DESIGN.md) independently of the dictionary readers, so the
``actor_context`` stage can answer "who was Iran's president on 2017-11-28?" and "what was Rouhani's role
then?". Lookups are by normalised alias (case-insensitive, whitespace collapsed) and by (country, role, date).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.errors import DictionaryError

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_FILES: tuple[Path, ...] = (DATA / "dictionaries" / "current.actors",)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


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


def _bound(s: str, end: bool) -> dt.date:
    m = _DATE.match(s)
    if not m:
        raise ValueError(f"bad date {s!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if d:
        return dt.date(y, int(mo), int(d))
    if mo:
        mo_i = int(mo)
        if not end:
            return dt.date(y, mo_i, 1)
        nxt = dt.date(y + (mo_i == 12), mo_i % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(y, 12, 31) if end else dt.date(y, 1, 1)


@dataclass(frozen=True)
class CodeSpan:
    code: str
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

    @property
    def max_alias_words(self) -> int:
        """The most tokens an alias can span (words and punctuation counted apart, as spaCy splits them)."""
        return self._max_words

    @classmethod
    def load(cls, paths: Iterable[str | Path] = DEFAULT_FILES) -> ActorBase:
        base = cls()
        errors: list[tuple[str, int, str]] = []
        for p in paths:
            for actor in parse_actors(Path(p), errors):
                base.add(actor)
        if errors:
            raise DictionaryError(errors)
        return base


def parse_actors(path: Path, errors: list[tuple[str, int, str]]) -> list[Actor]:
    """Parse one ``*.actors`` file; problems are appended to ``errors`` as (path, line, message)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        errors.append((str(path), 0, f"cannot read: {e}"))
        return []
    out: list[Actor] = []
    cur: Actor | None = None
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            if not line.endswith("]") or len(line) < 3:
                errors.append((str(path), n, f"bad entry line {raw.strip()!r}"))
                cur = None
                continue
            cur = Actor(name=line[1:-1].strip())
            out.append(cur)
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or cur is None:
            errors.append((str(path), n, f"expected '[name]' or 'key = value', got {raw.strip()!r}"))
            continue
        if key == "alias":
            cur.aliases.extend(a.strip() for a in value.split("|") if a.strip())
        elif key == "type":
            cur.type = value.lower()
        elif key == "country":
            cur.country = value.upper()
        elif key == "code":
            try:
                _parse_code(cur, value)
            except ValueError as e:
                errors.append((str(path), n, str(e)))
        else:
            errors.append((str(path), n, f"unknown key {key!r}"))
    return out


def _parse_code(actor: Actor, value: str) -> None:
    body, _, role = value.partition("|")
    role_s = role.strip().lower() or None
    parts = body.split(None, 1)
    if not parts:
        raise ValueError("empty code")
    code = parts[0]
    if not re.fullmatch(r"[A-Z0-9~]+", code):
        raise ValueError(f"bad code {code!r}")
    if len(parts) == 1:
        if role_s:
            actor.spans.append(CodeSpan(code, None, None, role_s))
        else:
            actor.default = code
        return
    rng = parts[1].strip()
    if ".." not in rng:
        raise ValueError(f"bad date range {rng!r} (use 'START .. END')")
    a, _, b = rng.partition("..")
    a, b = a.strip(), b.strip()
    start = _bound(a, end=False) if a else None
    end = _bound(b, end=True) if b else None
    if start and end and end < start:
        raise ValueError(f"date range ends before it starts: {rng!r}")
    actor.spans.append(CodeSpan(code, start, end, role_s))
