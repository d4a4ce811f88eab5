"""What runs inside a Spark executor: input records -> articles -> events, one partition at a time.

Pure Python (no pyspark import), so it can be tested without Spark. The ``Coder`` is built lazily once per
Python worker process (module-level cache) and reused by every task that process runs: with
``spark.python.worker.reuse`` (the default) the spaCy model and dictionaries load once per executor core.

``code_partition`` yields tagged tuples ``(EVENT | ERROR | ARTICLE, row)``; rows follow the schemas in
``eventcoder.spark.schema``. Nothing a record contains can make it raise: bad records, events that do not fit
the schema and articles on which the coder fails become ERROR rows. Only configuration errors (model or
dictionaries missing) propagate, since they would fail every record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventcoder.errors import ConfigError, DictionaryError, InputError
from eventcoder.model import Article
from eventcoder.spark.schema import to_row

if TYPE_CHECKING:
    from eventcoder.api import Coder

EVENT, ERROR, ARTICLE = 0, 1, 2
RECORD_LIMIT = 2000  # characters of a bad record kept in the error output
CORRUPT = "_corrupt_record"  # Spark's column for lines its JSON reader could not parse
FILE = "_file"  # the input file of a record (added by the job)
INPUT_FIELDS = ("id", "date", "source", "url", "title", "text")


@dataclass(frozen=True)
class CoderOptions:
    """How to build the Coder on each executor (hashable: it keys the per-process cache)."""

    dictionaries: str | None = None
    actor_files: tuple[str, ...] = ()
    keep_modal: bool = False
    batch_size: int = 32
    stages: tuple[str, ...] | None = None  # None: the default pipeline
    plugins: tuple[str, ...] = ()  # modules imported first (they may register extra stages)


@dataclass(frozen=True)
class ReadOptions:
    """How input records map to articles: ``columns`` maps article fields to input column names."""

    columns: tuple[tuple[str, str], ...] = tuple((f, f) for f in INPUT_FIELDS)
    default_date: dt.date | None = None

    def column(self, name: str) -> str:
        return dict(self.columns).get(name, name)


# Partitioning of the events output: name -> partition columns (values from the event date, falling back to
# the article date; None where unknown, which Spark writes as __HIVE_DEFAULT_PARTITION__).
PARTITIONINGS: dict[str, tuple[str, ...]] = {"month": ("year", "month"), "year": ("year",), "none": ()}


def _year_month(event: dict[str, Any], article: Article) -> tuple[str | None, str | None]:
    value = event.get("date") or (article.date.isoformat() if article.date else None)
    if not value or len(value) < 4:
        return None, None
    return value[:4], (value[5:7] if len(value) >= 7 else None)


_PARTITION_VALUES: dict[str, Callable[[dict[str, Any], Article], tuple[str | None, ...]]] = {
    "month": _year_month,
    "year": lambda e, a: _year_month(e, a)[:1],
    "none": lambda e, a: (),
}


@dataclass
class Problem:
    article_id: str | None
    stage: str  # input | date | schema | coding
    message: str
    record: str | None = None
    fatal: bool = True
    file: str | None = None

    def row(self) -> tuple:
        return (self.article_id, self.stage, self.message, self.record, self.fatal, self.file)


_CODERS: dict[CoderOptions, Coder] = {}


def get_coder(options: CoderOptions) -> Coder:
    """The Coder of this process for ``options`` (built on first use)."""
    coder = _CODERS.get(options)
    if coder is None:
        import importlib

        from eventcoder.api import Coder

        for module in options.plugins:
            try:
                importlib.import_module(module)
            except ImportError as e:
                raise ConfigError(f"cannot import plugin {module!r} on this executor: {e}") from e
        coder = Coder(dictionaries=options.dictionaries, actor_files=options.actor_files,
                      keep_modal=options.keep_modal, batch_size=options.batch_size, workers=1,
                      stages=list(options.stages) if options.stages else None)
        _CODERS[options] = coder
    return coder


def _record_text(rec: dict[str, Any]) -> str:
    raw = rec.get(CORRUPT)
    if raw is None:
        raw = json.dumps({k: v for k, v in rec.items() if k not in (CORRUPT, FILE)}, ensure_ascii=False,
                         default=str)
    return raw[:RECORD_LIMIT]


def _str_or_none(v: object) -> str | None:
    return None if v in (None, "") else str(v)


def default_id(rec: dict[str, Any], text: str) -> str:
    """Id for a record without one: the input file's stem and a hash of the text (stable across runs)."""
    stem = str(rec.get(FILE) or "input").rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0] or "input"
    return f"{stem}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def record_to_article(rec: dict[str, Any], options: ReadOptions) -> tuple[Article | None, list[Problem]]:
    """One input record -> an Article (or None) and the problems found, the way ``eventcoder code`` reads
    JSONL: text required and normalised, an unreadable date is a warning (the default date is used)."""
    from eventcoder.ingest import IngestProblem, normalize_text, parse_record_date
    from eventcoder.ingest import ReadOptions as IngestOptions

    rid = _str_or_none(rec.get(options.column("id")))
    file = _str_or_none(rec.get(FILE))
    if rec.get(CORRUPT) is not None:
        return None, [Problem(None, "input", "malformed JSON record", _record_text(rec), file=file)]
    text = rec.get(options.column("text"))
    if not isinstance(text, str):
        return None, [Problem(rid, "input", f"record has no text field {options.column('text')!r}",
                              _record_text(rec), file=file)]
    text = normalize_text(text)
    if not text:
        return None, [Problem(rid, "input", "empty text skipped", _record_text(rec), file=file)]
    rid = rid or default_id(rec, text)
    found: list[IngestProblem] = []
    date = parse_record_date(rec.get(options.column("date")), rid,
                             IngestOptions(date=options.default_date, problems=found))
    problems = [Problem(rid, "date", p.message, _record_text(rec), fatal=p.fatal, file=file) for p in found]
    known = {options.column(f) for f in INPUT_FIELDS} | {CORRUPT, FILE}
    article = Article(id=rid, text=text, date=date, source=_str_or_none(rec.get(options.column("source"))),
                      url=_str_or_none(rec.get(options.column("url"))),
                      title=_str_or_none(rec.get(options.column("title"))),
                      meta={k: v for k, v in rec.items() if k not in known and v is not None}
                      | ({"file": file} if file else {}))
    return article, problems


def _describe(e: BaseException) -> str:
    msg = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def code_articles(coder: Coder, articles: list[Article]) -> Iterator[tuple[Article, list | None, str | None]]:
    """Code a chunk; when the coder fails, retry article by article so one bad article costs only itself.

    Yields ``(article, events, None)`` or ``(article, None, error message)``."""
    try:
        results = list(coder.pipe(articles))
    except (ConfigError, DictionaryError):
        raise
    except Exception as e:  # a failure on some article: find which one(s)
        if len(articles) == 1:
            yield articles[0], None, _describe(e)
            return
        for a in articles:
            yield from code_articles(coder, [a])
        return
    for article, events in results:
        yield article, events, None


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _articles(records: Iterable[dict[str, Any]], options: ReadOptions,
              problems: list[Problem]) -> Iterator[Article]:
    for rec in records:
        article, found = record_to_article(rec, options)
        problems.extend(found)
        if article is not None:
            yield article


def code_partition(records: Iterable[dict[str, Any]], coder_options: CoderOptions = CoderOptions(),
                   read_options: ReadOptions = ReadOptions(), partitioning: str = "month",
                   chunk_size: int = 64) -> Iterator[tuple[int, tuple]]:
    """Code one partition of input records (dicts). Yields ``(EVENT, event row + partition values)``,
    ``(ARTICLE, article row)`` and ``(ERROR, error row)``."""
    if partitioning not in PARTITIONINGS:
        raise ConfigError(f"unknown partitioning {partitioning!r} (known: {', '.join(PARTITIONINGS)})")
    part_values = _PARTITION_VALUES[partitioning]
    problems: list[Problem] = []
    coder: Coder | None = None
    for chunk in _chunks(_articles(records, read_options, problems), chunk_size):
        while problems:
            yield ERROR, problems.pop(0).row()
        coder = coder or get_coder(coder_options)
        for article, events, error in code_articles(coder, chunk):
            file = article.meta.get("file")
            if error is not None:
                yield ERROR, Problem(article.id, "coding", error, article.text[:RECORD_LIMIT], file=file).row()
                continue
            n = 0
            for event in events:
                d = event.to_dict()
                try:
                    row = to_row(d)
                except InputError as e:
                    yield ERROR, Problem(article.id, "schema", f"event does not fit the schema: {e}",
                                         json.dumps(d, default=str)[:RECORD_LIMIT], file=file).row()
                    continue
                n += 1
                yield EVENT, row + part_values(d, article)
            yield ARTICLE, (article.id, article.date.isoformat() if article.date else None, article.source,
                            article.url, article.title, n)
    while problems:
        yield ERROR, problems.pop(0).row()


__all__ = ["ARTICLE", "ERROR", "EVENT", "PARTITIONINGS", "CoderOptions", "Problem", "ReadOptions",
           "code_articles", "code_partition", "get_coder", "record_to_article"]

