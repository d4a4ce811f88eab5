"""Time series and rankings over the store."""

from __future__ import annotations

from typing import Any

from eventcoder.analysis.base import QUAD_SQL, freq_part, rows, table, where
from eventcoder.errors import InputError


def series(db: Any, freq: str = "month", by_dyad: bool = False, unit: str = "clusters",
           **filters: Any) -> list[dict[str, Any]]:
    """Counts per period (and per dyad with ``by_dyad``): one dict per (period[, source, target]) with
    ``period`` (first day, ISO), ``events``, ``verbal_coop``, ``material_coop``, ``verbal_conflict``,
    ``material_conflict`` (QuadClass 1-4), ``goldstein_sum`` and ``goldstein_mean`` (None when no event has
    a score). Events are placed by the first day of their date interval; undated events are left out.
    ``filters``: those of ``Store.events`` (``dyad=("RUS", "TUR")``, ``actor=``, ``start=``, ...)."""
    part = freq_part(freq)
    w, params = where(unit, ["date_lo IS NOT NULL"], **filters)
    keys = "source, target, " if by_dyad else ""
    sql = (f"SELECT {keys}date_trunc('{part}', date_lo)::DATE AS period, count(*) AS events, {QUAD_SQL}, "
           f"coalesce(sum(goldstein), 0)::DOUBLE AS goldstein_sum, avg(goldstein)::DOUBLE AS goldstein_mean "
           f"FROM {table(unit)} {w} GROUP BY ALL ORDER BY {keys}period")
    return rows(db, sql, params)


def top_actors(db: Any, n: int = 20, unit: str = "clusters", **filters: Any) -> list[dict[str, Any]]:
    """The ``n`` actors in most events (as source or target): ``actor``, ``events``, ``as_source``,
    ``as_target``, ``cooperation`` (QuadClass 1-2), ``conflict`` (3-4), ``goldstein_mean``."""
    n = _positive(n)
    w, params = where(unit, **filters)
    sql = f"""
        WITH f AS (SELECT source, target, quad_class, goldstein FROM {table(unit)} {w}),
        sides AS (SELECT source AS actor, 1 AS src, quad_class, goldstein FROM f WHERE source IS NOT NULL
                  UNION ALL
                  SELECT target, 0, quad_class, goldstein FROM f WHERE target IS NOT NULL)
        SELECT actor, count(*) AS events, sum(src)::BIGINT AS as_source, (count(*) - sum(src))::BIGINT AS as_target,
            count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
            count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
            avg(goldstein)::DOUBLE AS goldstein_mean
        FROM sides GROUP BY actor ORDER BY events DESC, actor LIMIT ?"""
    return rows(db, sql, params + [n])


def top_dyads(db: Any, n: int = 20, unit: str = "clusters", directed: bool = True,
              **filters: Any) -> list[dict[str, Any]]:
    """The ``n`` dyads with most events: ``source``, ``target`` (alphabetical pair when not ``directed``),
    ``events``, QuadClass counts, ``goldstein_sum``, ``goldstein_mean``."""
    n = _positive(n)
    w, params = where(unit, ["target IS NOT NULL"], **filters)
    if directed:
        pair = "source, target"
    else:
        pair = "least(source, target) AS source, greatest(source, target) AS target"
    sql = (f"SELECT {pair}, count(*) AS events, {QUAD_SQL}, coalesce(sum(goldstein), 0)::DOUBLE AS goldstein_sum, "
           f"avg(goldstein)::DOUBLE AS goldstein_mean FROM {table(unit)} {w} "
           f"GROUP BY ALL ORDER BY events DESC, source, target LIMIT ?")
    return rows(db, sql, params + [n])


def _positive(n: Any) -> int:
    try:
        n = int(n)
    except (TypeError, ValueError):
        raise InputError(f"n must be a positive integer, got {n!r}") from None
    if n <= 0:
        raise InputError(f"n must be a positive integer, got {n!r}")
    return n
