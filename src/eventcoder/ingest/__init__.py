"""Ingest: one reader per source kind, each turning its input into a stream of ``Article``.

Readers are registered in ``eventcoder.registry.readers`` under a format name (``text``, ``jsonl``, ``csv``,
``html``) and have the signature ``reader(source: Source, options: ReadOptions) -> Iterator[Article]``.
Problems with single records (a malformed JSONL line, a binary file in a directory, undecodable bytes) are
appended to ``options.problems`` as ``IngestProblem``s and reading goes on; problems with the request itself
(a missing path) raise ``InputError``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.errors import InputError
from eventcoder.model import Article
from eventcoder.registry import readers

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", "": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
DEFAULT_COLUMNS: dict[str, str] = {k: k for k in ("id", "date", "source", "url", "title", "text")}


@dataclass
class IngestProblem:
    where: str  # "path", "path:line" or "<stdin>:line"
    message: str
    fatal: bool = True  # False: the record was still read (e.g. decoded with replacement)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ReadOptions:
    date: dt.date | None = None  # default date for records that have none
    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    problems: list[IngestProblem] = field(default_factory=list)


@dataclass
class Source:
    """One input: a file, or stdin (``path is None``)."""

    name: str
    path: Path | None
    fmt: str

    def read_bytes(self) -> bytes:
        if self.path is None:
            return sys.stdin.buffer.read()
        try:
            return self.path.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read {self.name}: {e.strerror or e}") from e

    def read_text(self, options: ReadOptions) -> str | None:
        """Decode as UTF-8; undecodable bytes are replaced with a (non-fatal) problem. None for binaries."""
        data = self.read_bytes()
        if b"\x00" in data[:8192]:
            options.problems.append(IngestProblem(self.name, "binary file skipped"))
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            options.problems.append(IngestProblem(
                self.name, f"not valid UTF-8 (first bad byte at offset {e.start}); decoded with replacement",
                fatal=False))
            return data.decode("utf-8", errors="replace")


def normalize_text(text: str) -> str:
    """Unify line ends and join lines broken inside a paragraph; blank lines stay paragraph breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(line.strip() for line in block.split("\n") if line.strip())
                  for block in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def iso_date(s: str) -> dt.date | None:
    """A date written YYYY-MM-DD (a time may follow), YYYYMMDD or YYYY/MM/DD; None for anything else."""
    for fmt, n in (("%Y-%m-%d", 10), ("%Y%m%d", 8), ("%Y/%m/%d", 10)):
        if len(s) == n or (n == 10 and len(s) > n and not s[n].isdigit()):
            try:
                return dt.datetime.strptime(s[:n], fmt).date()
            except ValueError:
                pass
    return None


def parse_record_date(value: object, where: str, options: ReadOptions) -> dt.date | None:
    """Read a record's date (ISO, YYYYMMDD, or anything dateparser reads); a bad one is a problem."""
    if value is None or value == "":
        return options.date
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    strict = iso_date(s)
    if strict is not None:
        return strict
    try:
        import dateparser

        parsed = dateparser.parse(s, settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # dateparser raises assorted errors on odd input
        parsed = None
    if parsed is None:
        options.problems.append(IngestProblem(where, f"cannot read date {s!r}; using "
                                              f"{options.date.isoformat() if options.date else 'no date'}",
                                              fatal=False))
        return options.date
    return parsed.date()


def detect_format(path: Path) -> str:
    return EXTENSIONS.get(path.suffix.lower(), "text")


def expand_inputs(inputs: Iterable[str], fmt: str | None = None) -> list[Source]:
    """Resolve paths (files, directories recursively, ``-`` for stdin) into sources; missing → InputError."""
    sources: list[Source] = []
    for raw in inputs:
        if raw == "-":
            sources.append(Source("<stdin>", None, fmt or "text"))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                raise InputError(f"directory {raw} contains no files")
            sources.extend(Source(str(p), p, fmt or detect_format(p)) for p in files)
        elif path.is_file():
            sources.append(Source(raw, path, fmt or detect_format(path)))
        elif path.exists():
            raise InputError(f"{raw} is not a regular file or directory")
        else:
            raise InputError(f"no such file or directory: {raw}")
    if not sources:
        raise InputError("no input given")
    return sources


def iter_articles(inputs: Iterable[str], fmt: str | None = None, date: dt.date | None = None,
                  columns: dict[str, str] | None = None,
                  errors: list[IngestProblem] | None = None) -> Iterator[Article]:
    """Read every input into ``Article``s. Record-level problems go to ``errors`` (and are skipped)."""
    options = ReadOptions(date=date, columns={**DEFAULT_COLUMNS, **(columns or {})},
                          problems=errors if errors is not None else [])
    if fmt is not None and fmt not in readers:
        raise InputError(f"unknown input format {fmt!r} (known: {', '.join(readers.names())})")
    for source in expand_inputs(inputs, fmt):
        yield from readers.get(source.fmt)(source, options)


# register the built-in readers
from eventcoder.ingest import formats as _formats  # noqa: E402,F401

__all__ = ["IngestProblem", "iso_date", "ReadOptions", "Source", "expand_inputs", "iter_articles", "normalize_text",
           "parse_record_date"]
