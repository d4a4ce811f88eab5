"""``eventcoder demo``: code the bundled sample articles into a DuckDB store and print their events."""

from __future__ import annotations

import argparse
import json
from importlib import resources

DEMO_COLUMNS = ["date", "source", "target", "cameo", "plover", "quad_class", "trigger", "location"]


def sample_path() -> str:
    return str(resources.files("eventcoder") / "data" / "samples" / "sample.jsonl")


def handler(args: argparse.Namespace) -> int:
    from eventcoder.api import Coder
    from eventcoder.ingest import iter_articles
    from eventcoder.store import Store
    from eventcoder.tables import render

    coder = Coder()
    with Store(args.db) as store:
        counts = store.ingest(iter_articles([sample_path()]), coder)
        rows = store.events(limit=args.limit)
        named = store.sql("SELECT places, times FROM articles ORDER BY id")
    for r in rows:
        loc = r.get("location") or r.get("location_name")
        r["location"] = loc.get("name") if isinstance(loc, dict) else loc
    print(render(rows, DEMO_COLUMNS))
    print("\n" + named_summary(named))
    print(f"\n{counts.get('articles', 0)} article(s) coded, {counts.get('skipped', 0)} already stored; "
          f"{len(rows)} event(s) shown from {args.db}")
    return 0


def named_summary(rows: list[dict]) -> str:
    """Places (with coordinates) and resolved time expressions the articles name, events or not."""
    places: dict[str, tuple] = {}
    times: dict[str, str] = {}
    for r in rows:
        for p in json.loads(r.get("places") or "[]"):
            places.setdefault(p["name"], (p.get("country"), p.get("lat"), p.get("lon")))
        for t in json.loads(r.get("times") or "[]"):
            if t.get("date"):
                times.setdefault(t["text"], f"{t['date']} ({t['date_precision']})")
    place_text = ", ".join(f"{n} [{c} {lat:.2f},{lon:.2f}]" for n, (c, lat, lon) in places.items()
                           if lat is not None) or "none"
    time_text = ", ".join(f"{k} → {v}" for k, v in times.items()) or "none"
    return f"places named: {place_text}\ntime expressions: {time_text}"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="code the bundled sample articles into a store and print the events")
    p.add_argument("--db", default="eventcoder-demo.duckdb", help="DuckDB store (default: %(default)s)")
    p.add_argument("--limit", type=int, default=100, help="events to print")
    p.set_defaults(func=handler)
