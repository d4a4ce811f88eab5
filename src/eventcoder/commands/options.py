"""Command-line options shared by several commands (the store's event filters, the store file)."""

from __future__ import annotations

import argparse
from typing import Any

DEFAULT_DB = "events.duckdb"

# the filters of ``Store.events``: destination name -> (flag, add_argument keywords)
FILTER_OPTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "actor": ("--actor", {"help": "actor code as source or target"}),
    "dyad": ("--dyad", {"help": "SOURCE,TARGET"}),
    "cameo": ("--cameo", {"help": "CAMEO code prefix"}),
    "root": ("--root", {"help": "CAMEO root (two digits)"}),
    "quad_class": ("--quad-class", {"type": int, "choices": [1, 2, 3, 4]}),
    "plover": ("--plover", {"help": "PLOVER event type"}),
    "start": ("--start", {"help": "first day (YYYY-MM-DD)"}),
    "end": ("--end", {"help": "last day (YYYY-MM-DD)"}),
    "country": ("--country", {"help": "ISO3 country of the event location"}),
    "bbox": ("--bbox", {"help": "min_lon,min_lat,max_lon,max_lat"}),
}


def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help=f"store file (default {DEFAULT_DB})")


def add_filter_options(p: argparse.ArgumentParser, names: tuple[str, ...] = tuple(FILTER_OPTIONS)) -> None:
    """A "filters" argument group with the options ``names`` (default: all of ``FILTER_OPTIONS``)."""
    g = p.add_argument_group("filters")
    for name in names:
        flag, kwargs = FILTER_OPTIONS[name]
        g.add_argument(flag, **kwargs)


def filters_from(args: argparse.Namespace) -> dict[str, Any]:
    """The filter options given on the command line, as keyword arguments of ``Store.events``."""
    return {k: getattr(args, k) for k in FILTER_OPTIONS if getattr(args, k, None) not in (None, "")}
