"""Collect the report's data from a store and render it into one HTML file (no external resources)."""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from eventcoder import web
from eventcoder.errors import InputError, StoreError
from eventcoder.web import queries

PLACEHOLDERS = ("@@TITLE@@", "@@STYLE@@", "@@WORLD@@", "@@DATA@@", "@@CHARTS_JS@@", "@@REPORT_JS@@")


def _asset(name: str) -> str:
    return resources.files("eventcoder.report").joinpath("static", name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    """JSON safe inside <script>: no '</', no '<!--', no U+2028/9 breaking the parser."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _escape_html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _date_range(store: Any, unit: str, filters: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    from eventcoder.store.query import event_filters
    where, params = event_filters(**filters)
    table = "events" if unit == "events" else "event_clusters"
    row = store.sql(f"SELECT min(date_lo) AS lo, max(date_lo) AS hi FROM {table} {where}", params)[0]
    if row["lo"] is None:
        return None
    return row["lo"], row["hi"]


def _changes(store: Any, span: tuple[dt.date, dt.date] | None, unit: str, n: int,
             filters: dict[str, Any]) -> dict[str, Any] | None:
    """Second half of the covered dates against the first half, per dyad."""
    from eventcoder import analysis
    if span is None or (span[1] - span[0]).days < 2:
        return None
    lo, hi = span
    mid = lo + (hi - lo) / 2
    res = analysis.changes(store, before=(lo, mid), after=(mid + dt.timedelta(days=1), hi), level="dyad",
                           n=n, unit=unit, **filters)
    return {
        "note": f"{res['after']['start']}–{res['after']['end']} ({res['after']['events']} events) against "
                f"{res['before']['start']}–{res['before']['end']} ({res['before']['events']} events)",
        "counts": [{"label": f"{r['source']} → {r['target']}", "value": r["change"],
                    "title": f"{r['source']} → {r['target']}: {r['before']} → {r['after']}"}
                   for r in res["counts"] if r["change"]],
        "goldstein": [{"label": f"{r['source']} → {r['target']}", "value": round(r["goldstein_change"], 2),
                       "title": f"{r['source']} → {r['target']}: mean Goldstein "
                                f"{r['goldstein_before']:.2f} → {r['goldstein_after']:.2f}"}
                      for r in res["goldstein"] if r["goldstein_change"]],
    }


def build_report_data(store: Any, title: str | None = None, period: str = "month", top: int = 15,
                      max_events: int = 500, unit: str = "events", **filters: Any) -> dict[str, Any]:
    """Everything the report draws, as JSON-able data (also useful on its own)."""
    if top <= 0 or max_events < 0:
        raise InputError("top must be positive and max_events >= 0")
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    total = queries.count(store, **filters)
    span = _date_range(store, "events", filters)
    n_articles = store.sql("SELECT count(*) AS n FROM articles")[0]["n"]
    top_dyads = queries.top_dyads(store, n=top, unit=unit, **filters)
    dyad_series = [{"name": d["label"], "source": d["source"], "target": d["target"], "points": queries.dyad_series(store, d["source"], d["target"],
                                                                       period=period, unit=unit, **filters)}
                   for d in top_dyads[:5]]
    places = queries.places(store, **filters)
    # evidence: events at the mapped places first (so map clicks work), then the most recent others
    wanted: list[str] = []
    for p in places:
        wanted += p["event_ids"][:3]
    events: dict[str, dict[str, Any]] = {}
    articles: dict[str, dict[str, Any] | None] = {}
    for eid in wanted[:max_events]:
        ev = queries.event(store, eid)
        if ev:
            events[eid] = ev
    if len(events) < max_events:
        for ev in queries.events(store, limit=max_events, newest_first=True, **filters):
            if len(events) >= max_events:
                break
            events.setdefault(ev["event_id"], ev)
    shown = []
    for ev in sorted(events.values(), key=lambda e: (e.get("date") or "", e["event_id"]), reverse=True):
        aid = ev.get("article_id")
        if aid not in articles:
            articles[aid] = queries.article(store, aid)
        art = articles[aid]
        meta = {k: art.get(k) for k in ("id", "title", "date", "source", "url")} if art else None
        item = web.evidence(ev, art)
        item["article"] = meta  # the segments used the text; the file does not carry every article
        shown.append(item)
    filt = ", ".join(f"{k}={v}" for k, v in filters.items())
    return {
        "title": title or "eventcoder report",
        "subtitle": (f"{span[0].isoformat()} – {span[1].isoformat()}" if span else "no dated events")
                    + (f" · {filt}" if filt else ""),
        "footer": f"Generated {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} by eventcoder. "
                  "Counts are coded events" + (" (deduplicated)" if unit == "clusters" else "")
                  + ". Map outlines: Natural Earth (public domain) via world-atlas (ISC).",
        "period": period,
        "stats": [{"label": "events", "value": total}, {"label": "articles", "value": n_articles},
                  {"label": "actors", "value": len(store.actors())},
                  {"label": "places", "value": len(places)}],
        "quad_series": queries.quad_series(store, period=period, unit=unit, **filters),
        "dyad_series": dyad_series,
        "network": queries.network(store, max_nodes=40, unit=unit, **filters),
        "places": places,
        "countries": queries.country_counts(store, **filters),
        "top_actors": queries.top_actors(store, n=top, unit=unit, **filters),
        "top_dyads": top_dyads,
        "changes": _changes(store, span, unit, top, filters),
        "events": shown,
        "table_note": f"the {len(shown)} events with evidence in this file" + (
            f" (of {total})" if total > len(shown) else ""),
    }


def render_report(data: dict[str, Any]) -> str:
    """The report HTML for data from ``build_report_data``: every script, style and outline inlined."""
    html = web.include_partials(_asset("template.html"))
    parts = {"@@TITLE@@": _escape_html(data.get("title") or "eventcoder report"),
             "@@STYLE@@": web.asset_text("style.css"),
             "@@WORLD@@": _script_json(json.loads(web.asset_text("world.json"))),
             "@@DATA@@": _script_json(data),
             "@@CHARTS_JS@@": web.asset_text("charts.js").replace("</script", "<\\/script"),
             "@@REPORT_JS@@": _asset("report.js").replace("</script", "<\\/script")}
    # one pass, so that placeholder-like text inside the data is never substituted
    out, i = [], 0
    while True:
        j = html.find("@@", i)
        if j < 0:
            out.append(html[i:])
            break
        k = html.find("@@", j + 2)
        key = html[j:k + 2] if k >= 0 else ""
        if key in parts:
            out.append(html[i:j])
            out.append(parts[key])
            i = k + 2
        else:
            out.append(html[i:j + 2])
            i = j + 2
    return "".join(out)


def write_report(store_or_db_path: Any, out_path: str | os.PathLike[str], title: str | None = None,
                 period: str = "month", top: int = 15, max_events: int = 500, unit: str = "events",
                 **filters: Any) -> Path:
    """Write the report for a ``Store`` (or the path of a store file) to ``out_path``; return the path.

    ``filters``: those of ``Store.events`` (actor, dyad, cameo, root, quad_class, plover, start, end,
    country, bbox). ``max_events``: how many events carry their evidence in the file.
    """
    from eventcoder.store import Store
    own = not isinstance(store_or_db_path, Store)
    if own:
        path = Path(store_or_db_path)
        if not path.is_file():
            raise StoreError(f"no store at {path}")
        store = Store(path, read_only=True)
    else:
        store = store_or_db_path
    try:
        data = build_report_data(store, title=title, period=period, top=top, max_events=max_events, unit=unit,
                                 **filters)
    finally:
        if own:
            store.close()
    out = Path(out_path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_report(data), encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write {out}: {e.strerror or e}") from None
    return out
