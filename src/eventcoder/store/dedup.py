"""Cross-article deduplication: reports of the same real-world event become one cluster.

The rule (``DedupRule``) and its decision logic live here as pure functions over plain rows (dicts with the
``events`` table's columns), so the store (DuckDB) and the Spark job apply exactly the same rule:

* ``group_key(row, rule)``: events can only merge when their keys are equal: the dyad (source, target;
  unordered when ``directed=False``; only the country part, the first three letters, with
  ``actor_level="country"``), the event family (``family``: CAMEO root by default) and, when
  ``same_modality``, the negated/future/hypothetical flags.
* ``compatible(a, b, rule)``: the pairwise rule: same key, date intervals at most ``window_days`` apart
  (a date is the interval it covers at its precision: a day, a week, a month, a year), and the same
  place or no place on one side (``location="compatible"``; ``"exact"`` requires equal places, ``"ignore"``
  does not look at places).
* ``cluster_group(rows, rule)``: turns the rows of one key into clusters, deterministically (the result does
  not depend on the order of the rows): reports with a date and a place join the closest compatible cluster
  as long as it stays within ``max_span_days``; reports without a place join one only when that is not
  ambiguous between places; coarse dates (intervals longer than ``coarse_days``, e.g. "in November") attach
  to the one cluster they overlap, without stretching it. See its docstring.
* ``cluster_rows`` / ``cluster_table`` apply it to any number of rows / an Arrow table and return
  ``event_id -> cluster_id`` (the ``event_id`` of the cluster's first member).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pyarrow as pa

from eventcoder.errors import ConfigError
from eventcoder.store.schema import date_interval

# Which column names the event family (whitelist: SQL is built from these, never from user strings).
FAMILY_COLUMNS: dict[str, str] = {
    "root": "coalesce(root, substr(cameo, 1, 2))",
    "cameo": "cameo",
    "quad_class": "CAST(quad_class AS VARCHAR)",
    "plover": "plover",
    "none": "''",
}
LOCATION_MODES = ("compatible", "exact", "ignore")
ACTOR_LEVELS = ("code", "country")
LOCATION_LEVELS: dict[str, str] = {"name": "location_name", "admin1": "location_admin1",
                                   "country": "location_country"}

# Columns the rule reads.
RULE_COLUMNS = ["event_id", "source", "target", "cameo", "root", "quad_class", "plover", "date",
                "date_precision", "date_lo", "date_hi", "location_name", "location_country",
                "location_admin1", "negated", "future", "hypothetical"]


@dataclass(frozen=True)
class DedupRule:
    """When two reports are the same event. Defaults: same directed dyad, same CAMEO root, same
    modality, dates at most 2 days apart (precision-aware), same place or no place, clusters spanning at most
    7 days."""

    window_days: int = 2
    family: str = "root"  # root | cameo | quad_class | plover | none
    directed: bool = True  # False: (A, B) and (B, A) are the same dyad
    location: str = "compatible"  # compatible | exact | ignore
    location_level: str = "name"  # name | admin1 | country: which part of the place must match
    same_modality: bool = True  # negated/future/hypothetical must match
    actor_level: str = "code"  # code: whole actor codes must match; country: their first three letters
    max_span_days: int = 7  # a cluster's precise dates never span more than this
    coarse_days: int = 7  # dates covering more days than this (month, year) attach without stretching

    def __post_init__(self) -> None:
        if self.family not in FAMILY_COLUMNS:
            raise ConfigError(f"dedup family must be one of {', '.join(FAMILY_COLUMNS)}, not {self.family!r}")
        if self.location not in LOCATION_MODES:
            raise ConfigError(f"dedup location must be one of {', '.join(LOCATION_MODES)}")
        if self.location_level not in LOCATION_LEVELS:
            raise ConfigError(f"dedup location_level must be one of {', '.join(LOCATION_LEVELS)}")
        if self.actor_level not in ACTOR_LEVELS:
            raise ConfigError(f"dedup actor_level must be one of {', '.join(ACTOR_LEVELS)}")
        if self.window_days < 0 or self.max_span_days < 0 or self.coarse_days < 0:
            raise ConfigError("dedup windows must be >= 0 days")

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DedupRule:
        try:
            return cls(**json.loads(text))
        except (TypeError, ValueError) as e:
            raise ConfigError(f"bad dedup rule {text!r}: {e}") from None


# ---- the pure rule ---------------------------------------------------------------------------------------

def _family(row: dict[str, Any], rule: DedupRule) -> str:
    if rule.family == "root":
        return row.get("root") or (row.get("cameo") or "")[:2]
    if rule.family == "none":
        return ""
    v = row.get(rule.family)
    return "" if v is None else str(v)


def group_key(row: dict[str, Any], rule: DedupRule) -> tuple:
    """Events merge only within one key: dyad, family and (optionally) modality."""
    s, t = row.get("source") or "", row.get("target") or ""
    if rule.actor_level == "country":
        s, t = s[:3], t[:3]
    if not rule.directed and t < s:
        s, t = t, s
    key: tuple = (s, t, _family(row, rule))
    if rule.same_modality:
        key += (bool(row.get("negated")), bool(row.get("future")), bool(row.get("hypothetical")))
    if rule.location == "exact":
        key += (place_key(row, rule) or "",)
    return key


def place_key(row: dict[str, Any], rule: DedupRule) -> str | None:
    """The part of the place that must match (None: no place known)."""
    if rule.location == "ignore":
        return None
    v = row.get(LOCATION_LEVELS[rule.location_level])
    return v.strip().casefold() if isinstance(v, str) and v.strip() else None


def interval(row: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    lo, hi = row.get("date_lo"), row.get("date_hi")
    if isinstance(lo, dt.date) and isinstance(hi, dt.date):
        return lo, hi
    return date_interval(row.get("date"), row.get("date_precision"))


def gap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def places_compatible(pa_: str | None, pb: str | None, rule: DedupRule) -> bool:
    if rule.location == "ignore" or pa_ is None or pb is None:
        return rule.location != "exact" or pa_ == pb
    return pa_ == pb


def compatible(a: dict[str, Any], b: dict[str, Any], rule: DedupRule) -> bool:
    """The pairwise rule: can reports ``a`` and ``b`` be the same event?"""
    if group_key(a, rule) != group_key(b, rule):
        return False
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return False  # undated events are never merged
    if gap_days(ia, ib) > rule.window_days:
        return False
    return places_compatible(place_key(a, rule), place_key(b, rule), rule)


class _Cluster:
    __slots__ = ("id", "lo", "hi", "place", "n", "precise")

    def __init__(self, cid: str, lo: dt.date, hi: dt.date, place: str | None, precise: bool = True):
        self.id, self.lo, self.hi, self.place, self.n, self.precise = cid, lo, hi, place, 1, precise

    def join(self, iv: tuple[dt.date, dt.date], widen: bool = True) -> None:
        """Count one more report; with ``widen``, stretch the cluster's dates to cover ``iv``."""
        self.n += 1
        if widen:
            self.lo, self.hi = min(self.lo, iv[0]), max(self.hi, iv[1])


def cluster_group(rows: Sequence[dict[str, Any]], rule: DedupRule) -> list[str]:
    """Cluster ids for rows that share one ``group_key`` (same order as ``rows``).

    Deterministic and independent of the order of ``rows``. Reports are placed in four passes, each in date
    order (ties by place and event_id):

    1. precise dates (at most ``coarse_days`` long) with a place: join the closest compatible cluster
       (gap <= ``window_days``, same place, span kept <= ``max_span_days``) or start one;
    2. precise dates without a place: join the closest compatible cluster; when the compatible clusters of
       pass 1 are at different places, only those at the place of the largest one, if it has at least twice
       the reports of the others (else the report is ambiguous and only clusters of placeless reports are
       candidates); joining a located cluster does not stretch it;
    3. coarse dates (month, year): join the precise cluster they overlap (the largest one if it has at least
       twice the reports of any other); when none or no clear one, join or start a cluster of coarse
       reports with the same interval;
    4. undated reports stay alone.
    """
    passes: list[list[tuple]] = [[], [], [], []]
    for i, r in enumerate(rows):
        iv = interval(r)
        p = place_key(r, rule)
        if iv is None:
            passes[3].append((r["event_id"], i))
            continue
        coarse = (iv[1] - iv[0]).days + 1 > rule.coarse_days
        n = 2 if coarse else (0 if p is not None else 1)
        passes[n].append((iv, p or "", r["event_id"], i))
    out: list[str] = [""] * len(rows)
    located: list[_Cluster] = []
    placeless: list[_Cluster] = []

    def gap(c: _Cluster, iv: tuple[dt.date, dt.date]) -> int:
        return gap_days((c.lo, c.hi), iv)

    def fits(c: _Cluster, iv: tuple[dt.date, dt.date]) -> bool:
        return (max(c.hi, iv[1]) - min(c.lo, iv[0])).days <= rule.max_span_days

    # pass 1: precise and located
    active: list[_Cluster] = []
    for iv, p, eid, i in sorted(passes[0]):
        active = [c for c in active if (iv[0] - c.hi).days <= rule.window_days]
        cands = [c for c in active if c.place == p and gap(c, iv) <= rule.window_days and fits(c, iv)]
        if cands:
            best = min(cands, key=lambda c: (gap(c, iv), c.id))
            best.join(iv)
        else:
            best = _Cluster(eid, iv[0], iv[1], p)
            located.append(best)
            active.append(best)
        out[i] = best.id

    # pass 2: precise without a place
    by_lo = sorted(located, key=lambda c: (c.lo, c.id))
    los = [c.lo for c in by_lo]
    reach = dt.timedelta(days=rule.window_days + rule.max_span_days)
    active = []
    for iv, _p, eid, i in sorted(passes[1]):
        lo_i = bisect.bisect_left(los, iv[0] - reach)
        hi_i = bisect.bisect_right(los, iv[1] + dt.timedelta(days=rule.window_days))
        near = _unambiguous([c for c in by_lo[lo_i:hi_i] if gap(c, iv) <= rule.window_days],
                            lambda c: c.place)
        active = [c for c in active if (iv[0] - c.hi).days <= rule.window_days]
        own = [c for c in active if gap(c, iv) <= rule.window_days and fits(c, iv)]
        cands = near + own
        if cands:
            best = min(cands, key=lambda c: (gap(c, iv), -c.n, c.id))
            best.join(iv, widen=best.place is None)
        else:
            best = _Cluster(eid, iv[0], iv[1], None)
            placeless.append(best)
            active.append(best)
        out[i] = best.id

    # pass 3: coarse dates
    precise = located + placeless
    coarse: list[_Cluster] = []
    for iv, p, eid, i in sorted(passes[2]):
        pl = p or None
        cands = _unambiguous([c for c in precise if gap(c, iv) <= rule.window_days
                              and places_compatible(c.place, pl, rule)], lambda c: c.id)
        if cands:
            best = cands[0]
        else:
            same = [c for c in coarse if (c.lo, c.hi) == iv and places_compatible(c.place, pl, rule)]
            best = min(same, key=lambda c: (c.place != pl, c.id)) if same else None
            if best is None:
                best = _Cluster(eid, iv[0], iv[1], pl, precise=False)
                coarse.append(best)
                out[i] = best.id
                continue
            if best.place is None:
                best.place = pl
        best.join(iv, widen=False)
        out[i] = best.id

    # pass 4: undated
    for eid, i in passes[3]:
        out[i] = eid
    return out


def _unambiguous(cands: list[_Cluster], key) -> list[_Cluster]:
    """Candidates that share one ``key`` (place or cluster); when they do not, only the group of the largest
    cluster, if it has at least twice the reports of any other group (else none: ambiguous)."""
    groups: dict[Any, list[_Cluster]] = {}
    for c in cands:
        groups.setdefault(key(c), []).append(c)
    if len(groups) <= 1:
        return cands
    sizes = sorted(((max(c.n for c in g), k) for k, g in groups.items()), key=lambda t: (-t[0], str(t[1])))
    if sizes[0][0] >= 2 * sizes[1][0]:
        return groups[sizes[0][1]]
    return []


def cluster_rows(rows: Iterable[dict[str, Any]], rule: DedupRule) -> dict[str, str]:
    """``event_id -> cluster_id`` for any rows (grouped by ``group_key`` first)."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[group_key(r, rule)].append(r)
    out: dict[str, str] = {}
    for members in groups.values():
        for r, cid in zip(members, cluster_group(members, rule), strict=True):
            out[r["event_id"]] = cid
    return out


def cluster_table(table: pa.Table, rule: DedupRule) -> pa.Table:
    """Arrow in (at least ``RULE_COLUMNS`` that exist), Arrow out: columns ``event_id``, ``cluster_id``."""
    cols = [c for c in RULE_COLUMNS if c in table.column_names]
    mapping = cluster_rows(table.select(cols).to_pylist(), rule)
    return pa.table({"event_id": pa.array(list(mapping.keys()), pa.string()),
                     "cluster_id": pa.array(list(mapping.values()), pa.string())})


def group_key_sql(rule: DedupRule) -> str:
    """A SQL expression over ``events`` equal for all rows that may share a ``group_key`` (built only from
    the whitelisted rule fields)."""
    src, tgt = "coalesce(source, '')", "coalesce(target, '')"
    if rule.actor_level == "country":
        src, tgt = f"substr({src}, 1, 3)", f"substr({tgt}, 1, 3)"
    dyad = [src, tgt] if rule.directed else [f"least({src}, {tgt})", f"greatest({src}, {tgt})"]
    parts = dyad + [FAMILY_COLUMNS[rule.family]]
    if rule.same_modality:
        parts += ["CAST(coalesce(negated, false) AS VARCHAR)", "CAST(coalesce(future, false) AS VARCHAR)",
                  "CAST(coalesce(hypothetical, false) AS VARCHAR)"]
    return "concat_ws(chr(31), " + ", ".join(f"coalesce({p}, '')" for p in parts) + ")"
