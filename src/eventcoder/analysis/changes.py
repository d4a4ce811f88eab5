"""What changed between two periods: the dyads or actors whose counts or mean Goldstein moved most."""

from __future__ import annotations

from typing import Any

from eventcoder.analysis.base import rows, table, where
from eventcoder.analysis.series import _positive
from eventcoder.errors import InputError
from eventcoder.store.query import _day

LEVELS = ("dyad", "actor")


def changes(db: Any, before: tuple[Any, Any], after: tuple[Any, Any], level: str = "dyad", n: int = 20,
            unit: str = "clusters", min_events: int = 1, **filters: Any) -> dict[str, Any]:
    """Compare period ``before`` = (start, end) with ``after`` (inclusive days).

    Returns ``{"before": {"start", "end", "events"}, "after": {...}, "level", "counts": [...],
    "goldstein": [...]}``. ``counts``: the ``n`` keys with the largest absolute change in event count
    (``key`` = "SRC->TGT" or the actor code, ``source``/``target`` or ``actor``, ``before``, ``after``,
    ``change``, ``ratio`` (after/before, None when before is 0), ``goldstein_before``/``_after``/
    ``goldstein_change``). ``goldstein``: the ``n`` keys present in both periods with at least
    ``min_events`` events in each, with the largest absolute change of mean Goldstein."""
    if level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    n = _positive(n)
    (b0, b1), (a0, a1) = [_period(p, name) for p, name in ((before, "before"), (after, "after"))]
    w, params = where(unit, ["date_lo IS NOT NULL"], **filters)
    base = f"SELECT source, target, date_lo, goldstein FROM {table(unit)} {w}"
    if level == "dyad":
        keyed = f"SELECT source, target, date_lo, goldstein FROM ({base}) WHERE target IS NOT NULL"
        group, key = "source, target", "source || '->' || target AS key, source, target"
    else:
        keyed = (f"SELECT source AS actor, date_lo, goldstein FROM ({base}) UNION ALL "
                 f"SELECT target, date_lo, goldstein FROM ({base}) WHERE target IS NOT NULL")
        group, key = "actor", "actor AS key, actor"
        params = params + params
    sql = f"""
        WITH k AS ({keyed}),
        agg AS (
            SELECT {group},
                count(*) FILTER (WHERE date_lo BETWEEN ? AND ?) AS before,
                count(*) FILTER (WHERE date_lo BETWEEN ? AND ?) AS after,
                avg(goldstein) FILTER (WHERE date_lo BETWEEN ? AND ?)::DOUBLE AS goldstein_before,
                avg(goldstein) FILTER (WHERE date_lo BETWEEN ? AND ?)::DOUBLE AS goldstein_after
            FROM k WHERE date_lo BETWEEN ? AND ? OR date_lo BETWEEN ? AND ? GROUP BY {group})
        SELECT * FROM (
            SELECT {key}, before, after, after - before AS change,
                CASE WHEN before > 0 THEN after::DOUBLE / before END AS ratio,
                goldstein_before, goldstein_after, goldstein_after - goldstein_before AS goldstein_change
            FROM agg)
        QUALIFY row_number() OVER (ORDER BY abs(change) DESC, key) <= ?
            OR row_number() OVER (ORDER BY CASE WHEN before >= ? AND after >= ?
                                           THEN abs(goldstein_change) END DESC NULLS LAST, key) <= ?"""
    params = params + [b0, b1, a0, a1, b0, b1, a0, a1, b0, b1, a0, a1, n, min_events, min_events, n]
    data = rows(db, sql, params)
    counts = sorted(data, key=lambda r: (-abs(r["change"]), r["key"]))[:n]
    gold = [r for r in data if r["before"] >= min_events and r["after"] >= min_events
            and r["goldstein_change"] is not None]
    gold = sorted(gold, key=lambda r: (-abs(r["goldstein_change"]), r["key"]))[:n]
    tot = rows(db, f"SELECT count(*) FILTER (WHERE date_lo BETWEEN ? AND ?) AS before, "
                   f"count(*) FILTER (WHERE date_lo BETWEEN ? AND ?) AS after FROM ({base})",
               [b0, b1, a0, a1] + where(unit, ["date_lo IS NOT NULL"], **filters)[1])[0]
    totals = {"before": tot["before"], "after": tot["after"]}
    return {"level": level, "unit": unit,
            "before": {"start": b0.isoformat(), "end": b1.isoformat(), "events": totals["before"]},
            "after": {"start": a0.isoformat(), "end": a1.isoformat(), "events": totals["after"]},
            "counts": counts, "goldstein": gold}


def _period(p: Any, name: str):
    if isinstance(p, str):
        p = p.replace("..", ",").split(",")
    try:
        start, end = p
    except (TypeError, ValueError):
        raise InputError(f"{name} must be (start, end) or 'START..END'") from None
    d0, d1 = _day(start, name), _day(end, name)
    if d0 is None or d1 is None or d1 < d0:
        raise InputError(f"{name}: need a start and an end date, start <= end")
    return d0, d1
