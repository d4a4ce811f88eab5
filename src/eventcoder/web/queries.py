"""Chart-ready aggregates over an event store, shared by the REST service and the HTML report.

Series, network and rankings come from ``eventcoder.analysis`` (reshaped for the charts); event pages,
single events, articles and places are SQL over the store's ``events`` table with the store's own
parameterised filters (``eventcoder.store.query.event_filters``): column names are fixed here, user values
only travel as parameters. Counts are of coded events (``unit="events"``) unless ``unit="clusters"``
(deduplicated events) is asked for. Shapes (what ``charts.js`` draws):

* ``dyad_series`` -> ``[{"x": period, "y": events, "goldstein": sum, "coop": n, "conflict": n}]``
* ``network`` -> ``{"nodes": [{"id", "count"}], "edges": [{"source", "target", "count", "coop", "conflict", "goldstein"}]}``
* ``places`` -> ``[{"lat", "lon", "label", "country", "precision", "count", "event_ids"}]``
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventcoder.errors import InputError
from eventcoder.store import query

if TYPE_CHECKING:
    from eventcoder.store import Store

PERIOD_CHARS = {"day": 10, "month": 7, "year": 4}


def _where(extra: str = "", **filters: Any) -> tuple[str, list[Any]]:
    where, params = query.event_filters(**{k: v for k, v in filters.items() if v is not None})
    if extra:
        where = f"{where} AND {extra}" if where else f"WHERE {extra}"
    return where, params


def events(store: Store, limit: int | None = 100, offset: int = 0, newest_first: bool = False,
           **filters: Any) -> list[dict[str, Any]]:
    """Events in the JSONL schema (plus cluster_id); filters as ``Store.events`` plus source/target."""
    where, params = _where(**filters)
    order = "date_lo DESC NULLS LAST" if newest_first else "date_lo NULLS LAST"
    sql, params = query.paginate(f"SELECT * FROM events {where} ORDER BY {order}, article_id, event_id",
                                 params, limit, offset)
    return [query.event_row(r) for r in store.sql(sql, params)]


def count(store: Store, **filters: Any) -> int:
    where, params = _where(**filters)
    return int(store.sql(f"SELECT count(*) AS n FROM events {where}", params)[0]["n"])


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    rows = store.sql("SELECT * FROM events WHERE event_id = ? LIMIT 1", [event_id])
    return query.event_row(rows[0]) if rows else None


def article(store: Store, article_id: str | None) -> dict[str, Any] | None:
    """The article without its event list (the evidence view needs the text and where it came from)."""
    if not article_id:
        return None
    rows = store.sql("SELECT id, date, source, url, title, text FROM articles WHERE id = ? LIMIT 1",
                     [article_id])
    return query.jsonable(rows[0]) if rows else None


def actors(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    return [query.jsonable(r) for r in store.actors(limit=limit)]


def _x(period: str, freq: str) -> str:
    """analysis periods are first days ("2017-11-01"): shorten them to the chart's labels."""
    return period[:PERIOD_CHARS[freq]] if freq in PERIOD_CHARS else period


def dyad_series(store: Store, source: str, target: str, period: str = "month", both: bool = False,
                unit: str = "events", **filters: Any) -> list[dict[str, Any]]:
    """Events per period from ``source`` to ``target`` (both directions with ``both``), from
    ``eventcoder.analysis.series``."""
    from eventcoder import analysis
    if period not in PERIOD_CHARS:
        raise InputError(f"unknown period {period!r} (use day, month or year)")
    pairs = [(source, target)] + ([(target, source)] if both and source != target else [])
    acc: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        for r in analysis.series(store, freq=period, unit=unit, dyad=pair, **filters):
            x = _x(r["period"], period)
            row = acc.setdefault(x, {"x": x, "y": 0, "goldstein": 0.0, "coop": 0, "conflict": 0})
            row["y"] += int(r["events"])
            row["goldstein"] = round(row["goldstein"] + float(r["goldstein_sum"] or 0), 3)
            row["coop"] += int(r["verbal_coop"]) + int(r["material_coop"])
            row["conflict"] += int(r["verbal_conflict"]) + int(r["material_conflict"])
    return [acc[k] for k in sorted(acc)]


def network(store: Store, max_nodes: int = 40, min_count: int = 1, unit: str = "events",
            **filters: Any) -> dict[str, list[dict[str, Any]]]:
    """Directed actor network from ``eventcoder.analysis.network``: edges with cooperation/conflict
    counts; the ``max_nodes`` actors in most events are kept."""
    from eventcoder import analysis
    g = analysis.network_json(analysis.network(store, unit=unit, min_events=min_count, **filters))
    nodes = sorted(g["nodes"], key=lambda d: (-d["events"], d["id"]))[:max_nodes]
    kept = {d["id"] for d in nodes}
    edges = [{"source": e["source"], "target": e["target"], "count": int(e["events"]),
              "coop": int(e["cooperation"]), "conflict": int(e["conflict"]),
              "goldstein": round(float(e["goldstein_sum"] or 0), 3)}
             for e in g["edges"] if e["source"] in kept and e["target"] in kept]
    edges.sort(key=lambda e: (-e["count"], e["source"], e["target"]))
    return {"nodes": [{"id": d["id"], "count": int(d["events"])} for d in nodes], "edges": edges}


def places(store: Store, max_ids: int = 20, limit: int = 2000, **filters: Any) -> list[dict[str, Any]]:
    """Event places (grouped by name and coordinates) with counts and the ids of their latest events."""
    where, params = _where("location_lat IS NOT NULL AND location_lon IS NOT NULL", **filters)
    rows = store.sql(
        "SELECT location_name AS label, location_country AS country, any_value(location_precision) AS precision, "
        "round(location_lat, 3) AS lat, round(location_lon, 3) AS lon, count(*) AS n, "
        "list(event_id ORDER BY date_lo DESC NULLS LAST, event_id) AS ids "
        f"FROM events {where} GROUP BY 1, 2, 4, 5 ORDER BY n DESC, label LIMIT ?", params + [limit])
    return [{"lat": float(r["lat"]), "lon": float(r["lon"]), "label": r["label"] or "", "country": r["country"],
             "precision": r["precision"], "count": int(r["n"]), "event_ids": list(r["ids"])[:max_ids]}
            for r in rows]


def country_counts(store: Store, **filters: Any) -> dict[str, int]:
    """Events per ISO3 country of their place."""
    where, params = _where("location_country IS NOT NULL", **filters)
    rows = store.sql(f"SELECT location_country AS c, count(*) AS n FROM events {where} GROUP BY 1", params)
    return {r["c"]: int(r["n"]) for r in rows}


def top_dyads(store: Store, n: int = 15, unit: str = "events", **filters: Any) -> list[dict[str, Any]]:
    from eventcoder import analysis
    return [{"label": f"{r['source']} → {r['target']}", "source": r["source"], "target": r["target"],
             "value": int(r["events"])} for r in analysis.top_dyads(store, n=n, unit=unit, **filters)]


def top_actors(store: Store, n: int = 15, unit: str = "events", **filters: Any) -> list[dict[str, Any]]:
    from eventcoder import analysis
    return [{"label": r["actor"], "value": int(r["events"]), "cooperation": int(r["cooperation"]),
             "conflict": int(r["conflict"])} for r in analysis.top_actors(store, n=n, unit=unit, **filters)]


def quad_series(store: Store, period: str = "month", unit: str = "events",
                **filters: Any) -> dict[int, list[dict[str, Any]]]:
    """Events per period for each QuadClass (1-4), from ``eventcoder.analysis.series``."""
    from eventcoder import analysis
    if period not in PERIOD_CHARS:
        raise InputError(f"unknown period {period!r} (use day, month or year)")
    cols = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
    rows = analysis.series(store, freq=period, unit=unit, **filters)
    return {q: [{"x": _x(r["period"], period), "y": int(r[c])} for r in rows] for q, c in cols.items()}
