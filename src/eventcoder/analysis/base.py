"""Shared pieces of the analysis functions: which table, which filters, rows as plain data."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from eventcoder.errors import InputError
from eventcoder.store.query import event_filters
from eventcoder.store.schema import fetch_arrow

# What is counted: deduplicated events (default) or every coded report.
UNITS: dict[str, str] = {"clusters": "event_clusters", "events": "events"}
# Period buckets: name -> SQL date_trunc part (whitelist: never a user string in SQL).
FREQS: dict[str, str] = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}

QUAD_SQL = ("count(*) FILTER (WHERE quad_class = 1) AS verbal_coop, "
            "count(*) FILTER (WHERE quad_class = 2) AS material_coop, "
            "count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict, "
            "count(*) FILTER (WHERE quad_class = 4) AS material_conflict")


def connection(db: Any) -> duckdb.DuckDBPyConnection:
    """A Store, a DuckDB connection or a path to a store file -> a DuckDB connection."""
    if isinstance(db, duckdb.DuckDBPyConnection):
        return db
    con = getattr(db, "con", None)
    if isinstance(con, duckdb.DuckDBPyConnection):
        return con
    raise InputError(f"expected a Store or a DuckDB connection, got {type(db).__name__}")


def table(unit: str) -> str:
    try:
        return UNITS[unit]
    except KeyError:
        raise InputError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}") from None


def freq_part(freq: str) -> str:
    try:
        return FREQS[freq]
    except KeyError:
        raise InputError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}") from None


def where(unit: str, extra: list[str] | None = None, **filters: Any) -> tuple[str, list[Any]]:
    """WHERE clause from ``Store.events`` filters (article_id only applies to ``unit='events'``)."""
    w, params = event_filters(**{k: v for k, v in filters.items() if v is not None})
    conds = [w[len("WHERE "):]] if w else []
    conds += extra or []
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


def rows(db: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Query -> list of JSON-serialisable dicts (dates as ISO strings, NaN as None)."""
    con = connection(db)
    try:
        tbl = fetch_arrow(con, sql, params)
    except duckdb.Error as e:
        raise InputError(f"analysis query failed: {e}") from None
    for i, f in enumerate(tbl.schema):
        col = tbl.column(i)
        if pa.types.is_date(f.type):
            tbl = tbl.set_column(i, f.name, col.cast(pa.string()))
        elif pa.types.is_timestamp(f.type):
            tbl = tbl.set_column(i, f.name, pc.strftime(col, "%Y-%m-%dT%H:%M:%S"))
        elif pa.types.is_floating(f.type) and pc.any(pc.is_nan(col)).as_py():
            tbl = tbl.set_column(i, f.name, pc.if_else(pc.is_nan(col), pa.scalar(None, f.type), col))
    return tbl.to_pylist()
