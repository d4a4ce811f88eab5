"""Store commands: ``ingest``, ``export``, ``import``, ``dedup`` and ``analyze`` (thin calls into
``eventcoder.store``, ``eventcoder.export`` and ``eventcoder.analysis``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eventcoder.commands.options import add_db_option, add_filter_options, filters_from
from eventcoder.errors import InputError, StoreError


def _open(args: argparse.Namespace, must_exist: bool = True, read_only: bool = False):
    from eventcoder.store import Store
    if must_exist and not Path(args.db).exists():
        raise StoreError(f"no store at {args.db} (create one with: eventcoder ingest INPUT --db {args.db})")
    return Store(args.db, read_only=read_only)


def _rule(args: argparse.Namespace, base):
    from dataclasses import replace
    changes: dict[str, Any] = {}
    if getattr(args, "window_days", None) is not None:
        changes["window_days"] = args.window_days
    if getattr(args, "family", None):
        changes["family"] = args.family
    if getattr(args, "undirected", False):
        changes["directed"] = False
    if getattr(args, "location", None):
        changes["location"] = args.location
    if getattr(args, "max_span_days", None) is not None:
        changes["max_span_days"] = args.max_span_days
    if getattr(args, "actor_level", None):
        changes["actor_level"] = args.actor_level
    return replace(base, **changes) if changes else base


def _dedup_options(p: argparse.ArgumentParser) -> None:
    from eventcoder.store.dedup import ACTOR_LEVELS, FAMILY_COLUMNS, LOCATION_MODES
    p.add_argument("--window-days", type=int, help="reports at most this many days apart can merge")
    p.add_argument("--family", choices=list(FAMILY_COLUMNS), help="what must match: CAMEO root (default) ...")
    p.add_argument("--undirected", action="store_true", help="(A,B) and (B,A) are the same dyad")
    p.add_argument("--location", choices=list(LOCATION_MODES), help="how places must match")
    p.add_argument("--max-span-days", type=int, help="longest span of one deduplicated event")
    p.add_argument("--actor-level", choices=list(ACTOR_LEVELS),
                   help="compare whole actor codes (default) or only their country part")


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n")


def _print_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        print("(no rows)")
        return
    cols = list(rows[0])
    cells = [[_fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, list):
        return ",".join(map(str, v))
    return str(v)


# ---- ingest --------------------------------------------------------------------------------------------

def ingest_handler(args: argparse.Namespace) -> int:
    from eventcoder.commands.code import make_coder, read_articles, report_problems
    problems: list = []
    articles = read_articles(args, problems)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    with _open(args, must_exist=False) as store:
        coder = make_coder(args)
        counts = store.ingest(articles, coder, progress=progress, errors=problems,
                              batch_size=args.commit_every)
    report_problems(problems)
    if args.json:
        _print_json(counts)
    else:
        print(f"stored {counts['articles']} article(s) ({counts['skipped']} already stored), "
              f"{counts['sentences']} sentence(s), {counts['events']} event(s), {counts['errors']} error(s) "
              f"in {args.db}", file=sys.stderr)
    return 1 if counts["errors"] or any(getattr(p, "fatal", True) for p in problems) else 0


# ---- export / import / dedup -------------------------------------------------------------------------

def export_handler(args: argparse.Namespace) -> int:
    from eventcoder.export import export
    if args.format == "parquet" and args.out == "-":
        raise InputError("parquet cannot go to stdout: give --out FILE")
    out = sys.stdout if args.out == "-" else args.out
    opts: dict[str, Any] = filters_from(args)
    if args.format == "gdelt" and args.header:
        opts["header"] = True
    with _open(args, read_only=True) as store:
        res = export(store, args.format, out, **opts)
    if out is not sys.stdout:
        skipped = f" ({res['skipped']} left out: not representable)" if res.get("skipped") else ""
        print(f"wrote {res['rows']} row(s) to {args.out}{skipped}", file=sys.stderr)
    return 0


def import_handler(args: argparse.Namespace) -> int:
    with _open(args, must_exist=False) as store:
        res = store.import_events(args.path)
    print(f"imported {res['imported']} event(s) from {args.path} ({res['skipped']} already stored)",
          file=sys.stderr)
    return 0


def dedup_handler(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rule = _rule(args, store.rule)
        res = store.dedup(rule, full=True)
        stats = store.stats()
    if args.json:
        _print_json({"rule": json.loads(rule.to_json()), **res})
    else:
        print(f"{stats['events']} event(s) -> {stats['event_clusters']} deduplicated event(s) "
              f"(rule: {rule.to_json()})", file=sys.stderr)
    return 0


# ---- analyze -------------------------------------------------------------------------------------------

def analyze_handler(args: argparse.Namespace) -> int:
    from eventcoder import analysis
    filters = filters_from(args)
    with _open(args, read_only=True) as store:
        if args.what == "series":
            out: Any = analysis.series(store, freq=args.freq, by_dyad=args.by_dyad, unit=args.unit, **filters)
        elif args.what == "top":
            out = {"actors": analysis.top_actors(store, n=args.n, unit=args.unit, **filters),
                   "dyads": analysis.top_dyads(store, n=args.n, unit=args.unit, **filters)}
        elif args.what == "network":
            out = analysis.network_json(analysis.network(store, unit=args.unit, min_events=args.min_events,
                                                         **filters))
        elif args.what == "blocs":
            out = analysis.blocs(store, unit=args.unit, min_events=args.min_events, **filters)
        else:
            if not args.before or not args.after:
                raise InputError("changes needs --before START..END and --after START..END")
            out = analysis.changes(store, args.before, args.after, level=args.level, n=args.n,
                                   unit=args.unit, min_events=args.min_events, **filters)
    if args.json:
        _print_json(out)
    elif args.what == "top":
        print("# actors")
        _print_table(out["actors"])
        print("\n# dyads")
        _print_table(out["dyads"])
    elif args.what == "network":
        _print_table(out["edges"])
    elif args.what == "changes":
        print(f"# before {out['before']}  after {out['after']}")
        print("# largest changes in event counts")
        _print_table(out["counts"])
        print("\n# largest changes in mean Goldstein")
        _print_table(out["goldstein"])
    else:
        _print_table(out)
    return 0


# ---- registration ----------------------------------------------------------------------------------------

def register(sub: argparse._SubParsersAction) -> None:
    from eventcoder.commands.code import add_coder_options

    p = sub.add_parser("ingest", help="code articles into an event store (incremental)",
                       description="Code articles and store them with their events in a DuckDB file. "
                                   "Articles already stored (same text and date) are skipped, so the same "
                                   "command can be rerun after an interruption. Exit status 1 when some "
                                   "records could not be read or coded (reported on stderr).")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="text/JSONL/CSV/HTML files, directories, or -")
    add_db_option(p)
    p.add_argument("--date", help="article date (YYYY-MM-DD) for records that have none")
    p.add_argument("--format", "--input-format", dest="input_format", choices=["text", "jsonl", "csv", "html"],
                   help="input format (default: from the file extension)")
    p.add_argument("--columns", default="", help="map JSONL/CSV fields, e.g. text=body,date=published")
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_false")
    p.add_argument("--commit-every", type=int, default=256, metavar="N",
                   help="articles per transaction (default 256)")
    p.add_argument("--json", action="store_true", help="print the counts as JSON on stdout")
    add_coder_options(p)
    p.set_defaults(func=ingest_handler)

    p = sub.add_parser("export", help="export events from a store",
                       description="Export events: parquet/jsonl/csv (every coded report) or gdelt/plover "
                                   "(deduplicated events).")
    add_db_option(p)
    p.add_argument("--format", required=True, choices=["parquet", "csv", "jsonl", "gdelt", "plover"])
    p.add_argument("--out", "-o", required=True, metavar="PATH", help="output file, or - for stdout")
    p.add_argument("--header", action="store_true", help="gdelt: write a header line")
    add_filter_options(p)
    p.set_defaults(func=export_handler)

    p = sub.add_parser("import", help="import events (Parquet/JSONL, e.g. from the Spark job) into a store",
                       description="Import events in the JSONL schema from a Parquet file, a JSONL file, or a "
                                   "directory of them (partitioned Parquet too; for a Spark job's output folder, its "
                                   "events/). Events already stored are skipped.")
    p.add_argument("path", metavar="PATH")
    add_db_option(p)
    p.set_defaults(func=import_handler)

    p = sub.add_parser("dedup", help="recompute the deduplicated events with a rule",
                       description="Cluster reports of the same event. Options change the stored rule.")
    add_db_option(p)
    _dedup_options(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    p.set_defaults(func=dedup_handler)

    p = sub.add_parser("analyze", help="series, top actors/dyads, network, blocs, changes",
                       description="Analyses over a store (deduplicated events unless --unit events).")
    p.add_argument("what", choices=["series", "top", "network", "blocs", "changes"])
    add_db_option(p)
    p.add_argument("--unit", choices=["clusters", "events"], default="clusters",
                   help="count deduplicated events (default) or every report")
    p.add_argument("--freq", choices=["day", "week", "month", "quarter", "year"], default="month",
                   help="series: period")
    p.add_argument("--by-dyad", action="store_true", help="series: one series per dyad")
    p.add_argument("--n", type=int, default=20, help="top/changes: how many rows")
    p.add_argument("--min-events", type=int, default=1, help="network/blocs/changes: minimum events")
    p.add_argument("--before", metavar="START..END", help="changes: first period")
    p.add_argument("--after", metavar="START..END", help="changes: second period")
    p.add_argument("--level", choices=["dyad", "actor"], default="dyad", help="changes: compare dyads or actors")
    p.add_argument("--json", action="store_true", help="JSON on stdout instead of a table")
    add_filter_options(p)
    p.set_defaults(func=analyze_handler)
