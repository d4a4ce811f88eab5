"""Table layouts of the event store, derived from ``eventcoder.model.EVENT_FIELDS``.

``events`` holds one row per coded event: every ``EVENT_FIELDS`` column (``location`` flattened into
``location_*`` columns), plus ``date_lo``/``date_hi`` (the day interval the event date covers at its
precision) and ``cluster_id`` (the deduplicated event it belongs to). See docs/store.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from eventcoder.errors import ConfigError
from eventcoder.model import EVENT_FIELDS

# EVENT_FIELDS type -> (DuckDB type, Arrow type)
_TYPES: dict[str, tuple[str, pa.DataType]] = {
    "str": ("VARCHAR", pa.string()),
    "int": ("INTEGER", pa.int32()),
    "float": ("DOUBLE", pa.float64()),
    "bool": ("BOOLEAN", pa.bool_()),
    "list[int]": ("INTEGER[]", pa.list_(pa.int32())),
    "list[str]": ("VARCHAR[]", pa.list_(pa.string())),
}

# The flattened ``location`` object: column -> (key in Place.to_dict(), DuckDB type, Arrow type)
LOCATION_COLUMNS: dict[str, tuple[str, str, pa.DataType]] = {
    "location_name": ("name", "VARCHAR", pa.string()),
    "location_country": ("country", "VARCHAR", pa.string()),
    "location_admin1": ("admin1", "VARCHAR", pa.string()),
    "location_lat": ("lat", "DOUBLE", pa.float64()),
    "location_lon": ("lon", "DOUBLE", pa.float64()),
    "location_precision": ("precision", "VARCHAR", pa.string()),
    "location_geonameid": ("geonameid", "BIGINT", pa.int64()),
    "location_text": ("text", "VARCHAR", pa.string()),
    "location_span": ("span", "INTEGER[]", pa.list_(pa.int32())),
}

# Columns the store adds to every event (computed in SQL on insert, or by deduplication).
DERIVED_COLUMNS: dict[str, str] = {
    "date_lo": "DATE",  # first day the event date covers (day: the day; week: Monday; month: the 1st; ...)
    "date_hi": "DATE",  # last day it covers
    "cluster_id": "VARCHAR",  # the deduplicated event (event_clusters.cluster_id); NULL until dedup ran
}


def _field_type(name: str, spec: str) -> tuple[str, pa.DataType]:
    base = spec.rstrip("?")
    if base not in _TYPES:
        raise ConfigError(f"EVENT_FIELDS[{name!r}] has a type the store does not know: {spec!r}")
    return _TYPES[base]


def event_columns() -> dict[str, tuple[str, pa.DataType]]:
    """Stored (not derived) event columns in order: name -> (DuckDB type, Arrow type)."""
    cols: dict[str, tuple[str, pa.DataType]] = {}
    for name, (spec, _doc) in EVENT_FIELDS.items():
        if name == "location":
            for col, (_key, sql_t, arrow_t) in LOCATION_COLUMNS.items():
                cols[col] = (sql_t, arrow_t)
        else:
            cols[name] = _field_type(name, spec)
    return cols


def event_arrow_schema() -> pa.Schema:
    return pa.schema([(n, t) for n, (_s, t) in event_columns().items()])


ARTICLE_COLUMNS: dict[str, tuple[str, pa.DataType]] = {
    "id": ("VARCHAR", pa.string()),
    "content_hash": ("VARCHAR", pa.string()),
    "date": ("DATE", pa.date32()),
    "source": ("VARCHAR", pa.string()),
    "url": ("VARCHAR", pa.string()),
    "title": ("VARCHAR", pa.string()),
    "text": ("VARCHAR", pa.string()),
    "n_sentences": ("INTEGER", pa.int32()),
    "n_events": ("INTEGER", pa.int32()),
    "meta": ("VARCHAR", pa.string()),  # JSON of Article.meta
    "warnings": ("VARCHAR[]", pa.list_(pa.string())),
    "ingested_at": ("TIMESTAMP", pa.timestamp("us")),
    # every place and time expression the article names, events or not: JSON lists of
    # PlaceMention.to_dict() / TimeMention.to_dict() (docs/store.md)
    "places": ("VARCHAR", pa.string()),
    "times": ("VARCHAR", pa.string()),
}


def article_arrow_schema() -> pa.Schema:
    return pa.schema([(n, t) for n, (_s, t) in ARTICLE_COLUMNS.items()])


# SQL expressions for the day interval covered by an event date, over columns ``date``/``date_precision``.
# The value's length decides month/year; a 10-character value with precision "week" covers 7 days.
DATE_LO_SQL = """CASE length("date")
    WHEN 10 THEN TRY_CAST("date" AS DATE)
    WHEN 7 THEN TRY_CAST("date" || '-01' AS DATE)
    WHEN 4 THEN TRY_CAST("date" || '-01-01' AS DATE)
    ELSE NULL END"""
DATE_HI_SQL = """CASE length("date")
    WHEN 10 THEN TRY_CAST("date" AS DATE) + CASE WHEN date_precision = 'week' THEN 6 ELSE 0 END
    WHEN 7 THEN CAST(TRY_CAST("date" || '-01' AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
    WHEN 4 THEN CAST(TRY_CAST("date" || '-01-01' AS DATE) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
    ELSE NULL END"""


def date_interval(value: str | None, precision: str | None = None) -> tuple[dt.date, dt.date] | None:
    """Python twin of DATE_LO_SQL/DATE_HI_SQL: the (first, last) day an event date covers, or None."""
    if not value:
        return None
    try:
        if len(value) == 10:
            lo = dt.date.fromisoformat(value)
            return lo, lo + dt.timedelta(days=6 if precision == "week" else 0)
        if len(value) == 7:
            lo = dt.date(int(value[:4]), int(value[5:7]), 1)
            nxt = dt.date(lo.year + (lo.month == 12), lo.month % 12 + 1, 1)
            return lo, nxt - dt.timedelta(days=1)
        if len(value) == 4:
            y = int(value)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def ddl() -> list[str]:
    """CREATE statements for every table (idempotent)."""
    ev_cols = [f'"{n}" {s}' for n, (s, _t) in event_columns().items()]
    ev_cols += [f'"{n}" {s}' for n, s in DERIVED_COLUMNS.items()]
    art_cols = [f'"{n}" {s}' for n, (s, _t) in ARTICLE_COLUMNS.items()]
    return [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        f"CREATE TABLE IF NOT EXISTS articles ({', '.join(art_cols)})",
        f"CREATE TABLE IF NOT EXISTS events ({', '.join(ev_cols)})",
        """CREATE TABLE IF NOT EXISTS mentions (
            event_id VARCHAR, cluster_id VARCHAR, article_id VARCHAR, sentence_id VARCHAR,
            outlet VARCHAR, url VARCHAR, article_date DATE, "date" VARCHAR, date_precision VARCHAR,
            trigger VARCHAR, span INTEGER[], source_text VARCHAR, source_span INTEGER[],
            target_text VARCHAR, target_span INTEGER[], sentence VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS event_clusters (
            cluster_id VARCHAR, "date" VARCHAR, date_precision VARCHAR, date_lo DATE, date_hi DATE,
            source VARCHAR, target VARCHAR, cameo VARCHAR, root VARCHAR, goldstein DOUBLE,
            quad_class INTEGER, plover VARCHAR, plover_mode VARCHAR,
            location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
            location_lat DOUBLE, location_lon DOUBLE, location_precision VARCHAR,
            negated BOOLEAN, future BOOLEAN, hypothetical BOOLEAN,
            num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER,
            first_seen DATE, last_seen DATE, first_article_id VARCHAR, first_url VARCHAR,
            source_text VARCHAR, target_text VARCHAR, location_geonameid BIGINT, is_root BOOLEAN)""",
    ]


def flatten_event(d: dict[str, Any]) -> dict[str, Any]:
    """An ``Event.to_dict()`` record -> a row of the ``events`` table (location flattened)."""
    row = {k: v for k, v in d.items() if k != "location"}
    loc = d.get("location")
    if isinstance(loc, str):  # a JSON string (CSV round trips)
        loc = json.loads(loc) if loc else None
    for col, (key, _s, _t) in LOCATION_COLUMNS.items():
        if col in d and loc is None:
            row[col] = d[col]
        else:
            row[col] = loc.get(key) if isinstance(loc, dict) else None
    return row


def unflatten_event(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the ``events`` table -> the JSONL schema (``Event.to_dict()`` shape, EVENT_FIELDS order)."""
    out: dict[str, Any] = {}
    for name in EVENT_FIELDS:
        if name == "location":
            if row.get("location_name") is None and row.get("location_country") is None:
                out[name] = None
            else:
                out[name] = {key: row.get(col) for col, (key, _s, _t) in LOCATION_COLUMNS.items()}
        else:
            out[name] = row.get(name)
    return out


def events_to_arrow(records: Iterable[dict[str, Any]]) -> pa.Table:
    """Flattened event rows -> an Arrow table with the store's event schema (missing keys are null)."""
    schema = event_arrow_schema()
    return pa.Table.from_pylist([flatten_event(r) for r in records], schema=schema)


def fetch_arrow(con, sql: str, params: list | None = None) -> pa.Table:
    """The result of a DuckDB query as an Arrow table (DuckDB 1.x and 2.x)."""
    rel = con.sql(sql, params=params or None)
    fn = getattr(rel, "to_arrow_table", None) or rel.arrow
    return fn()


def fetch_batches(con, sql: str, params: list | None = None, batch_size: int = 100_000):
    """The result of a DuckDB query as an Arrow RecordBatchReader (DuckDB 1.x and 2.x)."""
    rel = con.sql(sql, params=params or None)
    fn = getattr(rel, "to_arrow_reader", None) or rel.fetch_arrow_reader
    return fn(batch_size)
