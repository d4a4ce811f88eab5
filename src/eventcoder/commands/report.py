"""``eventcoder report``: a self-contained HTML report of a store (opens offline, one file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eventcoder.commands.options import add_db_option, add_filter_options, filters_from
from eventcoder.errors import StoreError

REPORT_FILTERS = ("actor", "dyad", "cameo", "quad_class", "start", "end", "country")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="write a self-contained HTML report of a store",
                              description="Write one HTML file with charts (time series, network, map, top "
                                          "actors and dyads, changes) and the evidence of events; it needs "
                                          "no network to open.")
    add_db_option(p)
    p.add_argument("--out", default="report.html", metavar="PATH", help="HTML file to write (default report.html)")
    p.add_argument("--title", help="report title")
    p.add_argument("--period", choices=["day", "month", "year"], default="month", help="time series buckets")
    p.add_argument("--top", type=int, default=15, help="how many actors/dyads in the rankings (default 15)")
    p.add_argument("--max-events", type=int, default=500, help="events whose evidence is embedded (default 500)")
    p.add_argument("--dedup", action="store_true", help="count deduplicated events instead of coded events")
    add_filter_options(p, REPORT_FILTERS)
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from eventcoder.report import write_report
    if not Path(args.db).is_file():
        raise StoreError(f"no store at {args.db} (create one with: eventcoder ingest INPUT --db {args.db})")
    filters = filters_from(args)
    out = write_report(args.db, args.out, title=args.title, period=args.period, top=args.top,
                       max_events=args.max_events, unit="clusters" if args.dedup else "events", **filters)
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0
