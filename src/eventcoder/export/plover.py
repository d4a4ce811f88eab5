"""PLOVER JSON: one JSON object per deduplicated event (JSON Lines), in PLOVER's vocabulary."""

from __future__ import annotations

import json
from typing import Any

from eventcoder.export.tables import Out, batches, text_out
from eventcoder.registry import exporters
from eventcoder.store.query import event_filters

PLOVER_SELECT = """cluster_id, "date", date_precision, plover, plover_mode, cameo, goldstein, quad_class,
    source, source_text, target, target_text, location_name, location_country, location_admin1,
    location_lat, location_lon, location_precision, location_geonameid, negated, future, hypothetical,
    num_mentions, num_sources, num_articles, first_article_id, first_url"""


def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """An ``event_clusters`` row -> a PLOVER event record."""
    loc = None
    if r.get("location_name") or r.get("location_country"):
        loc = {"name": r["location_name"], "country": r["location_country"], "admin1": r["location_admin1"],
               "lat": r["location_lat"], "lon": r["location_lon"], "precision": r["location_precision"],
               "geonameid": r["location_geonameid"]}
    return {
        "id": r["cluster_id"],
        "date": r["date"],
        "date_precision": r["date_precision"],
        "event_type": r["plover"],
        "mode": r["plover_mode"],
        "context": [],
        "actor": {"code": r["source"], "name": r["source_text"]},
        "recipient": {"code": r["target"], "name": r["target_text"]} if r.get("target") else None,
        "location": loc,
        "negated": bool(r["negated"]),
        "future": bool(r["future"]),
        "hypothetical": bool(r["hypothetical"]),
        "source_event": {"scheme": "CAMEO", "code": r["cameo"], "goldstein": r["goldstein"],
                         "quad_class": r["quad_class"]},
        "num_mentions": r["num_mentions"],
        "num_sources": r["num_sources"],
        "num_articles": r["num_articles"],
        "first_article_id": r["first_article_id"],
        "url": r["first_url"],
    }


@exporters.register("plover")
def export_plover(store, out: Out, **filters: Any) -> dict[str, int]:
    """Deduplicated events as PLOVER JSON Lines. Events whose code has no PLOVER type (the CAMEO->PLOVER
    mapping drops some codes) are left out and counted in ``skipped``."""
    where, params = event_filters(**filters)
    skipped = int(store.con.execute(
        f"SELECT count(*) FROM event_clusters {where} {'AND' if where else 'WHERE'} plover IS NULL",
        params).fetchall()[0][0])
    n = 0
    with text_out(out) as fh:
        for b in batches(store, PLOVER_SELECT, table="event_clusters", **filters):
            for r in b.to_pylist():
                if r["plover"] is None:
                    continue
                fh.write(json.dumps(plover_record(r), ensure_ascii=False, default=str) + "\n")
                n += 1
    return {"rows": n, "skipped": skipped}
