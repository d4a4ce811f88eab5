"""``eventcoder serve``: the REST service and the dashboard over a store (uvicorn, loopback by default)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys

from eventcoder.errors import ConfigError, InputError

TOKEN_ENV = "EVENTCODER_TOKEN"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="REST API and web dashboard over an event store",
                              description="Serve the REST API (OpenAPI at /docs) and the dashboard (/) over a "
                                          "store. Binds 127.0.0.1 unless --host says otherwise.")
    p.add_argument("--db", default="events.duckdb", metavar="PATH", help="store file (created when missing)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", nargs="?", const="", default=None, metavar="TOKEN",
                   help=f"require this token for POST /ingest (default: ${TOKEN_ENV}; --token with no value "
                        f"reads ${TOKEN_ENV} and fails when it is unset)")
    p.add_argument("--read-only", action="store_true", help="open the store read-only (no /ingest)")
    p.add_argument("--max-body", type=int, default=2_000_000, metavar="BYTES", help="request body limit")
    p.add_argument("--max-text", type=int, default=200_000, metavar="CHARS", help="characters per article")
    p.add_argument("--batch", type=int, default=16, metavar="N",
                   help="code up to N articles of concurrent /code requests together (default 16; 1: none)")
    p.add_argument("--preload", action="store_true", help="load the coder at start instead of on first use")
    p.set_defaults(func=handler)


def _token(args: argparse.Namespace) -> str | None:
    if args.token:
        return args.token
    env = os.environ.get(TOKEN_ENV) or None
    if args.token == "" and env is None:
        raise ConfigError(f"--token given without a value and ${TOKEN_ENV} is not set")
    return env


def handler(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from eventcoder.serve.app import create_app
    except ModuleNotFoundError as e:
        raise ConfigError(f"serve needs the 'serve' extra (pip install 'eventcoder[serve]'): {e.name} is missing") \
            from None
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: use 1-65535")
    if args.max_body <= 0 or args.max_text <= 0 or args.batch <= 0:
        raise InputError("--max-body, --max-text and --batch must be positive")
    try:
        public = not ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        public = args.host != "localhost"
    token = _token(args)
    coder = None
    if args.preload:
        from eventcoder.api import Coder
        coder = Coder()
        coder.code("Preloading the coder.")  # parse once: loads spaCy, dictionaries and tables now
    app = create_app(args.db, coder=coder, token=token, max_body_bytes=args.max_body,
                     max_text_chars=args.max_text, read_only=args.read_only, coder_batch=args.batch)
    if public:
        print(f"warning: binding {args.host}: the service is reachable from other machines"
              + ("" if token else "; POST /ingest has no token"), file=sys.stderr)
    print(f"eventcoder: serving {args.db} on http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
    level = logging.getLogger().getEffectiveLevel()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info" if level <= logging.INFO else "warning")
    return 0
