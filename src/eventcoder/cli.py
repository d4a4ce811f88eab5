"""The command line: a thin layer over the library.

Each subcommand lives in ``eventcoder/commands/<name>.py`` with ``register(subparsers)``, which adds its
parser and sets ``func`` to a handler ``handler(args) -> int``. Errors the user can cause are
``EventcoderError``s and become one line on stderr with exit status 2; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from eventcoder import __version__
from eventcoder.errors import EventcoderError

COMMAND_MODULES = ["code", "explain", "dictionaries", "evaluate", "store", "serve", "report", "spark", "demo"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="eventcoder", description="Political event data from news text.")
    p.add_argument("--version", action="version", version=f"eventcoder {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="more log output on stderr")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(f"eventcoder.commands.{name}")
        except ModuleNotFoundError as e:  # a command whose optional dependency is missing
            if e.name and e.name.startswith("eventcoder"):
                continue
            raise
        mod.register(sub)
    return p


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s: %(message)s", stream=sys.stderr)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except EventcoderError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return 0
    except MemoryError:
        print("error: out of memory", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
