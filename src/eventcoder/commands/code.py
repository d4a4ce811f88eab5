"""``eventcoder code INPUT...``: code articles into events (JSONL, CSV or PETRARCH lines)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from typing import TYPE_CHECKING

from eventcoder.errors import InputError

if TYPE_CHECKING:
    from eventcoder.model import Article


def add_input_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads articles."""
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text/JSONL/CSV/HTML files, directories, or - for stdin")
    p.add_argument("--date", help="article date (YYYY-MM-DD) for records that have none")
    p.add_argument("--input-format", choices=["text", "jsonl", "csv", "html"],
                   help="input format (default: from the file extension; stdin is text)")
    p.add_argument("--columns", default="",
                   help="map JSONL/CSV fields, e.g. text=body,date=published,id=doc_id")


def add_coder_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dictionaries", metavar="SPEC",
                   help="dictionaries to use instead of the shipped ones: a directory, a PETRARCH "
                        "validation XML, or comma-separated files")
    p.add_argument("--actors", action="append", default=[], metavar="FILE",
                   help="extra actor dictionary that extends/overrides the shipped one (repeatable)")
    p.add_argument("--keep-modal", action="store_true",
                   help="keep negated and hypothetical events (marked) instead of dropping them")
    p.add_argument("--workers", type=int, default=1, help="spaCy worker processes (default 1)")
    p.add_argument("--batch-size", type=int, default=32, help="articles per spaCy batch")


def parse_columns(spec: str) -> dict[str, str]:
    cols: dict[str, str] = {}
    for part in filter(None, (s.strip() for s in spec.split(","))):
        key, sep, value = part.partition("=")
        if not sep or key not in ("id", "date", "source", "url", "title", "text") or not value:
            raise InputError(f"bad --columns entry {part!r}: use FIELD=COLUMN with FIELD one of "
                             "id, date, source, url, title, text")
        cols[key] = value
    return cols


def read_articles(args: argparse.Namespace, problems: list) -> Iterator[Article]:
    """Expand inputs into a lazily read article stream (record problems are appended to ``problems``)."""
    from eventcoder.api import parse_date
    from eventcoder.ingest import iter_articles

    date = parse_date(args.date)
    return iter_articles(args.inputs, fmt=args.input_format, date=date,
                         columns=parse_columns(args.columns), errors=problems)


def make_coder(args: argparse.Namespace):
    from eventcoder.api import Coder

    if args.workers < 1:
        raise InputError("--workers must be at least 1")
    return Coder(dictionaries=args.dictionaries, actor_files=args.actors, keep_modal=args.keep_modal,
                 workers=args.workers, batch_size=args.batch_size)


def report_problems(problems: list, shown: int = 0) -> int:
    for p in problems[shown:]:
        kind = "error" if p.fatal else "warning"
        print(f"{kind}: {p}", file=sys.stderr)
    return len(problems)


def handler(args: argparse.Namespace) -> int:
    from eventcoder.output import WRITERS

    problems: list = []
    articles = read_articles(args, problems)
    coder = make_coder(args)
    n_articles = n_events = 0
    undated: list[str] = []

    def dated(stream):
        for a in stream:
            if a.date is None:
                undated.append(a.id)
            yield a

    target = open(args.out, "w", encoding="utf-8", newline="") if args.out else nullcontext(sys.stdout)  # noqa: SIM115
    try:
        with target as fh:
            writer = WRITERS[args.format](fh)
            for adoc in coder.pipe_docs(dated(articles)):
                n_articles += 1
                if writer.per_article:
                    writer.write_article(adoc.to_dict())
                else:
                    for e in adoc.events:
                        writer.write(e.to_dict())
                n_events += len(adoc.events)
            writer.close()
    except OSError as e:
        raise InputError(f"cannot write {args.out}: {e.strerror or e}") from e
    report_problems(problems)
    if undated:
        names = ", ".join(undated[:5]) + (f" and {len(undated) - 5} more" if len(undated) > 5 else "")
        print(f"warning: no date for {len(undated)} article(s) ({names}): event dates are marked unknown; "
              "give --date YYYY-MM-DD", file=sys.stderr)
    if n_articles == 0:
        raise InputError("no articles to code" + (f" ({len(problems)} problem(s) above)" if problems else ""))
    if not args.quiet:
        print(f"coded {n_articles} article(s): {n_events} event(s)", file=sys.stderr)
    return 1 if any(p.fatal for p in problems) else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("code", help="code articles into events",
                       description="Code articles into events. Output: one event per line (JSONL by "
                                   "default). Exit status 1 when some records could not be read "
                                   "(they are reported on stderr; the others are still coded).")
    add_input_options(p)
    add_coder_options(p)
    p.add_argument("--format", choices=["jsonl", "csv", "petrarch", "articles"], default="jsonl",
                   help="output format: events as jsonl, csv or petrarch lines; or articles: one JSON object per "
                        "article with its events and every place and time expression it names")
    p.add_argument("--out", "-o", metavar="FILE", help="write events here instead of stdout")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    p.set_defaults(func=handler)
