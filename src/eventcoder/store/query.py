"""Parameterised filters over ``events``/``event_clusters``: user values only ever travel as parameters."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from eventcoder.errors import InputError
from eventcoder.store.schema import unflatten_event


def _day(value: str | dt.date | None, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        s = str(value).strip()
        if len(s) == 7:
            s += "-01"
        elif len(s) == 4:
            s += "-01-01"
        return dt.date.fromisoformat(s)
    except ValueError:
        raise InputError(f"{name}: cannot read date {value!r}: use YYYY-MM-DD") from None


def parse_dyad(dyad: tuple[str, str] | list[str] | str) -> tuple[str, str]:
    if isinstance(dyad, str):
        parts = [p.strip() for p in dyad.replace("->", ",").split(",")]
    else:
        parts = [str(p).strip() for p in dyad]
    if len(parts) != 2 or not all(parts):
        raise InputError(f"dyad must be 'SOURCE,TARGET', got {dyad!r}")
    return parts[0], parts[1]


def event_filters(actor: str | None = None, dyad: Any = None, cameo: str | None = None,
                  root: str | None = None, quad_class: int | None = None, plover: str | None = None,
                  start: Any = None, end: Any = None, country: str | None = None,
                  bbox: Any = None, article_id: str | None = None, cluster_id: str | None = None,
                  source: str | None = None, target: str | None = None,
                  dated: bool | None = None) -> tuple[str, list[Any]]:
    """A ``WHERE`` clause (or "") and its parameters. Column names are fixed; values are parameters."""
    conds: list[str] = []
    params: list[Any] = []

    def where(cond: str, *values: Any) -> None:
        conds.append(cond)
        params.extend(values)

    if actor:
        where("(source = ? OR target = ?)", actor, actor)
    if source:
        where("source = ?", source)
    if target:
        where("target = ?", target)
    if dyad:
        where("source = ? AND target = ?", *parse_dyad(dyad))
    if cameo:
        where("starts_with(cameo, ?)", str(cameo))
    if root:
        where("root = ?", str(root).zfill(2))
    if quad_class is not None and quad_class != "":
        try:
            q = int(quad_class)
        except (TypeError, ValueError):
            raise InputError(f"quad_class must be 1-4, got {quad_class!r}") from None
        if q not in (1, 2, 3, 4):
            raise InputError(f"quad_class must be 1-4, got {quad_class!r}")
        where("quad_class = ?", q)
    if plover:
        where("upper(plover) = upper(?)", plover)
    d0, d1 = _day(start, "start"), _day(end, "end")
    if d0:
        where("date_lo >= ?", d0)
    if d1:
        where("date_lo <= ?", d1)
    if country:
        where("location_country = ?", country.upper())
    if bbox is not None:
        box = parse_bbox(bbox)
        where("location_lon BETWEEN ? AND ? AND location_lat BETWEEN ? AND ?", box[0], box[2], box[1], box[3])
    if article_id:
        where("article_id = ?", article_id)
    if cluster_id:
        where("cluster_id = ?", cluster_id)
    if dated is not None:
        where("date_lo IS NOT NULL" if dated else "date_lo IS NULL")
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


def parse_bbox(bbox: Any) -> tuple[float, float, float, float]:
    """``(min_lon, min_lat, max_lon, max_lat)`` from a 4-sequence or "a,b,c,d"."""
    parts = bbox.split(",") if isinstance(bbox, str) else list(bbox)
    try:
        box = tuple(float(p) for p in parts)
    except (TypeError, ValueError):
        raise InputError(f"bbox must be 'min_lon,min_lat,max_lon,max_lat', got {bbox!r}") from None
    if len(box) != 4 or not all(math.isfinite(v) for v in box) or box[0] > box[2] or box[1] > box[3]:
        raise InputError(f"bbox must be 'min_lon,min_lat,max_lon,max_lat', got {bbox!r}")
    return box  # type: ignore[return-value]


def paginate(sql: str, params: list[Any], limit: int | None, offset: int = 0) -> tuple[str, list[Any]]:
    try:
        offset = int(offset or 0)
        limit = None if limit is None else int(limit)
    except (TypeError, ValueError):
        raise InputError("limit and offset must be integers") from None
    if offset < 0 or (limit is not None and limit < 0):
        raise InputError("limit and offset must be >= 0")
    if limit is not None:
        sql += " LIMIT ?"
        params = params + [limit]
    if offset:
        sql += " OFFSET ?"
        params = params + [offset]
    return sql, params


def jsonable(row: dict[str, Any]) -> dict[str, Any]:
    """Dates to ISO strings, NaN to None: a row the json module can write."""
    out = {}
    for k, v in row.items():
        if isinstance(v, dt.datetime | dt.date):
            v = v.isoformat()
        elif isinstance(v, float) and not math.isfinite(v):
            v = None
        out[k] = v
    return out


def event_row(row: dict[str, Any]) -> dict[str, Any]:
    """An ``events`` row -> the JSONL schema plus ``cluster_id``."""
    d = unflatten_event(row)
    d["cluster_id"] = row.get("cluster_id")
    return d
