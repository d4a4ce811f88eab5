"""``eventcoder dictionaries check|info|convert``: check dictionary files, summarise, convert PETRARCH files."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("dictionaries", help="check, summarise or convert dictionaries",
                              description="Check, summarise or convert dictionary files (formats: "
                                          "docs/dictionaries.md).")
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = sub.add_parser("check", help="report every error as path:line: message (exit 1 if any)")
    c.add_argument("files", nargs="+", metavar="FILE",
                   help="dictionary files, directories or PETRARCH validation XMLs")
    c.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    c.set_defaults(func=check)
    i = sub.add_parser("info", help="summarise the dictionaries a spec loads (default: the shipped ones)")
    i.add_argument("spec", nargs="?", help="a directory, a PETRARCH validation XML or comma-separated files")
    i.add_argument("--actors", action="append", default=[], metavar="FILE", help="extra actor file")
    i.set_defaults(func=info)
    v = sub.add_parser("convert", help="convert PETRARCH dictionary files into eventcoder's formats")
    v.add_argument("files", nargs="+", metavar="SRC", help="PETRARCH actor/agent/discard/verb/PICO files")
    v.add_argument("--out", required=True, metavar="DIR", help="folder for the converted files")
    v.set_defaults(func=convert)


def check(args: argparse.Namespace) -> int:
    from eventcoder.dictionaries.loader import check_paths

    result = check_paths(args.files)
    for path, line, msg in result.errors:
        print(f"{path}:{line}: {msg}")
    if not args.quiet:
        for path, line, msg in result.warnings:
            print(f"{path}:{line}: warning: {msg}", file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} error(s)", file=sys.stderr)
        return 1
    d = result.dictionaries
    print(f"ok: {len(d.files)} file(s): {d.summary()}")
    return 0


def info(args: argparse.Namespace) -> int:
    from eventcoder.dictionaries import load_dictionaries

    d = load_dictionaries(args.spec, extra_actor_files=args.actors)
    for path, kind in d.files:
        print(f"{kind:18} {path}")
    print(d.summary())
    return 0


def convert(args: argparse.Namespace) -> int:
    from eventcoder.dictionaries.convert import convert_file

    for src in args.files:
        path, count, errors = convert_file(src, args.out, f"Converted by eventcoder from {src}")
        for p, line, msg in errors:
            print(f"{p}:{line}: left out: {msg}", file=sys.stderr)
        print(f"{path}: {count} entries" + (f", {len(errors)} source lines left out" if errors else ""))
    return 0
