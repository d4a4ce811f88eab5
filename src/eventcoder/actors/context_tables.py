"""Data tables of the ``actor_context`` stage (``src/eventcoder/data/context/``), loaded once."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.actors.context_base import normalise
from eventcoder.errors import DictionaryError

CONTEXT_DIR = Path(__file__).resolve().parents[1] / "data" / "context"


@dataclass(frozen=True)
class RoleWord:
    phrase: str
    sector: str  # appended to the country code: GOV, MIL, ...
    role: str | None  # the actor-base role it names ("president"), None for generic words
    person: bool  # names one person (vs. a group)


@dataclass
class Tables:
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised demonym -> ISO3
    capitals: dict[str, str] = field(default_factory=dict)  # normalised name -> code as actor
    roles: dict[str, RoleWord] = field(default_factory=dict)  # normalised phrase -> RoleWord
    prepositions: dict[str, str] = field(default_factory=dict)  # preposition -> place|motion|actor|relation
    motion: set[str] = field(default_factory=set)
    relation: set[str] = field(default_factory=set)
    messages: set[str] = field(default_factory=set)  # "sent a warning to Damascus": an actor
    in_complements: set[str] = field(default_factory=set)  # "invest in Egypt": Egypt stays an actor
    attacks: set[str] = field(default_factory=set)  # "fired at Seoul": Seoul is a target
    gatherings: set[str] = field(default_factory=set)  # "met in Vietnam": Vietnam is a place
    classes: dict[str, list[str]] = field(default_factory=dict)  # word_classes.tsv: class -> words, in order

    def words(self, cls: str) -> frozenset[str]:
        return frozenset(self.classes.get(cls, ()))
    pronouns: dict[str, str] = field(default_factory=dict)  # pronoun -> person|group
    female: set[str] = field(default_factory=set)  # normalised canonical names
    groups: dict[str, str] = field(default_factory=dict)  # plural noun -> person|government|military|actor
    numbers: dict[str, int] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)  # exact text -> canonical actor-base name

    @functools.cached_property
    def role_max_words(self) -> int:
        return max((len(k.split()) for k in self.roles), default=1)

    @functools.cached_property
    def role_tokens(self) -> frozenset[str]:
        """Every word of every role phrase (title words between coordinated names)."""
        return frozenset(w for k in self.roles for w in k.split())

    @functools.cached_property
    def role_prefixes(self) -> frozenset[str]:
        """Every prefix of every role phrase key."""
        return _prefixes(self.roles)

    @functools.cached_property
    def capital_max_words(self) -> int:
        return max((len(k.split()) for k in self.capitals), default=1)

    @functools.cached_property
    def demonym_prefixes(self) -> frozenset[str]:
        """Every prefix of every demonym key: a token whose normalised text is none of these starts none."""
        return _prefixes(self.demonyms)

    @functools.cached_property
    def capital_prefixes(self) -> frozenset[str]:
        return _prefixes(self.capitals)

    @functools.cached_property
    def demonym_max_words(self) -> int:
        return max((len(k.split()) for k in self.demonyms), default=1)


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(k[:j] for k in keys for j in range(len(k) + 1))


def _rows(name: str, ncols: int, base: Path) -> list[list[str]]:
    path = base / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise DictionaryError([(str(path), 0, f"cannot read: {e}")]) from e
    out, errors = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")] if ncols > 1 else [line.strip()]
        if len(cols) != ncols or not all(cols):
            errors.append((str(path), n, f"expected {ncols} tab-separated columns"))
            continue
        out.append(cols)
    if errors:
        raise DictionaryError(errors)
    return out


def load_tables(directory: str | Path | None = None) -> Tables:
    base = Path(directory) if directory else CONTEXT_DIR
    return _load(base)


@functools.lru_cache(maxsize=4)
def _load(base: Path) -> Tables:
    t = Tables()
    t.demonyms = {normalise(a): b.upper() for a, b in _rows("demonyms.tsv", 2, base)}
    t.capitals = {normalise(a): b for a, b in _rows("capitals.tsv", 2, base)}
    for phrase, sector, role, kind in _rows("roles.tsv", 4, base):
        if kind not in ("person", "group"):
            raise DictionaryError([(str(base / "roles.tsv"), 0, f"bad kind {kind!r} for {phrase!r}")])
        t.roles[normalise(phrase)] = RoleWord(phrase, sector, None if role == "-" else role, kind == "person")
    t.prepositions = {a.lower(): b for a, b in _rows("prepositions.tsv", 2, base)}
    bad = {v for v in t.prepositions.values()} - {"place", "motion", "actor", "relation", "target"}
    if bad:
        raise DictionaryError([(str(base / "prepositions.tsv"), 0, f"unknown reading(s) {sorted(bad)}")])
    t.motion = {r[0].lower() for r in _rows("motion_words.txt", 1, base)}
    t.relation = {r[0].lower() for r in _rows("relation_nouns.txt", 1, base)}
    t.messages = {r[0].lower() for r in _rows("message_nouns.txt", 1, base)}
    t.in_complements = {r[0].lower() for r in _rows("in_complements.txt", 1, base)}
    t.attacks = {r[0].lower() for r in _rows("attack_words.txt", 1, base)}
    t.gatherings = {r[0].lower() for r in _rows("gathering_words.txt", 1, base)}
    for cls, word in _rows("word_classes.tsv", 2, base):
        t.classes.setdefault(cls, []).append(word.lower())
    t.pronouns = {a.lower(): b for a, b in _rows("pronouns.tsv", 2, base)}
    t.female = {normalise(r[0]) for r in _rows("female.txt", 1, base)}
    t.groups = {normalise(a): b for a, b in _rows("groups.tsv", 2, base)}
    if set(t.groups.values()) - {"person", "government", "military", "actor"}:
        raise DictionaryError([(str(base / "groups.tsv"), 0, "group kinds: person|government|military|actor")])
    t.numbers = {a.lower(): int(b) for a, b in _rows("numbers.tsv", 2, base)}
    t.acronyms = {a: b for a, b in _rows("acronyms.tsv", 2, base)}
    return t
