"""The built-in readers: plain text, JSONL, CSV/TSV and HTML."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from eventcoder.ingest import IngestProblem, ReadOptions, Source, normalize_text, parse_record_date
from eventcoder.model import Article
from eventcoder.registry import readers


def _article_id(source: Source) -> str:
    return Path(source.name).stem if source.path is not None else "stdin"


def _empty(source: Source, options: ReadOptions, where: str | None = None) -> None:
    options.problems.append(IngestProblem(where or source.name, "empty text skipped"))


@readers.register("text")
def read_text(source: Source, options: ReadOptions) -> Iterator[Article]:
    """A whole file (or stdin) is one article; its id is the file name without extension."""
    text = source.read_text(options)
    if text is None:
        return
    text = normalize_text(text)
    if not text:
        _empty(source, options)
        return
    yield Article(id=_article_id(source), text=text, date=options.date,
                  meta={"path": source.name})


def _from_record(rec: dict, where: str, default_id: str, source: Source,
                 options: ReadOptions) -> Article | None:
    cols = options.columns
    text = rec.get(cols["text"])
    if not isinstance(text, str):
        options.problems.append(IngestProblem(where, f"record has no text field {cols['text']!r}"))
        return None
    text = normalize_text(text)
    if not text:
        _empty(source, options, where)
        return None
    rid = rec.get(cols["id"])
    known = set(cols.values())
    return Article(
        id=str(rid) if rid not in (None, "") else default_id,
        text=text,
        date=parse_record_date(rec.get(cols["date"]), where, options),
        source=_str_or_none(rec.get(cols["source"])),
        url=_str_or_none(rec.get(cols["url"])),
        title=_str_or_none(rec.get(cols["title"])),
        meta={k: v for k, v in rec.items() if k not in known},
    )


def _str_or_none(v: object) -> str | None:
    return None if v in (None, "") else str(v)


@readers.register("jsonl")
def read_jsonl(source: Source, options: ReadOptions) -> Iterator[Article]:
    """One JSON object per line; a malformed line is reported with its line number and skipped."""
    text = source.read_text(options)
    if text is None:
        return
    stem = _article_id(source)
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source.name}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            options.problems.append(IngestProblem(where, f"malformed JSON ({e.msg} at column {e.colno})"))
            continue
        if not isinstance(rec, dict):
            options.problems.append(IngestProblem(where, "expected a JSON object"))
            continue
        art = _from_record(rec, where, f"{stem}-{lineno}", source, options)
        if art is not None:
            yield art


@readers.register("csv")
def read_csv(source: Source, options: ReadOptions) -> Iterator[Article]:
    """CSV (or TSV, by extension) with a header row naming the columns."""
    text = source.read_text(options)
    if text is None:
        return
    delimiter = "\t" if source.name.lower().endswith(".tsv") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if reader.fieldnames is None:
        _empty(source, options)
        return
    if options.columns["text"] not in reader.fieldnames:
        options.problems.append(IngestProblem(
            source.name, f"no column {options.columns['text']!r} (columns: {', '.join(reader.fieldnames)})"))
        return
    stem = _article_id(source)
    try:
        for rec in reader:
            where = f"{source.name}:{reader.line_num}"
            if None in rec:  # more fields than header names
                options.problems.append(IngestProblem(where, "row has more fields than the header"))
                continue
            art = _from_record(rec, where, f"{stem}-{reader.line_num}", source, options)
            if art is not None:
                yield art
    except csv.Error as e:
        options.problems.append(IngestProblem(f"{source.name}:{reader.line_num}", f"malformed CSV: {e}"))


@readers.register("html")
def read_html(source: Source, options: ReadOptions) -> Iterator[Article]:
    """An HTML page: the main text is extracted with trafilatura; title and date from its metadata."""
    html = source.read_text(options)
    if html is None:
        return
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        options.problems.append(IngestProblem(source.name, "no main text found in HTML page"))
        return
    meta = trafilatura.extract_metadata(html)
    title = getattr(meta, "title", None) if meta else None
    date = parse_record_date(getattr(meta, "date", None) if meta else None, source.name, options)
    url = getattr(meta, "url", None) if meta else None
    yield Article(id=_article_id(source), text=normalize_text(text), date=date, title=title, url=url,
                  source=getattr(meta, "sitename", None) if meta else None, meta={"path": source.name})
