"""The Python API: ``Coder`` codes text into events. The CLI, the REST service and Spark call this."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from eventcoder.errors import InputError
from eventcoder.model import Article, Event
from eventcoder.pipeline import DEFAULT_STAGES, ArticleDoc, Pipeline, Resources


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Accept a date, 'YYYY-MM-DD', 'YYYYMMDD' or None; raise InputError otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    from eventcoder.ingest import iso_date

    s = str(value).strip()
    if not s:
        return None
    parsed = iso_date(s)
    if parsed is None:
        raise InputError(f"cannot read date {value!r}: use YYYY-MM-DD")
    return parsed


class Coder:
    """Load once, code many.

    >>> coder = Coder()
    >>> events = coder.code("Russian President Vladimir Putin met Turkish President Erdogan in Sochi.",
    ...                     date="2017-11-22")
    """

    def __init__(self, dictionaries: str | None = None, actor_files: Iterable[str] = (),
                 keep_modal: bool = False, stages: Iterable[str] | None = None,
                 config: dict[str, dict[str, Any]] | None = None, batch_size: int = 32, workers: int = 1):
        cfg = {k: dict(v) for k, v in (config or {}).items()}
        cfg.setdefault("modality", {})["keep_modal"] = keep_modal
        self.resources = Resources(dictionaries=dictionaries, actor_files=actor_files)
        self.pipeline = Pipeline(DEFAULT_STAGES if stages is None else stages, resources=self.resources,
                                 config=cfg)
        self.batch_size = batch_size
        self.workers = workers

    def __repr__(self) -> str:
        return f"Coder({self.pipeline.stage_names})"

    def code(self, text: str, date: str | dt.date | None = None, article_id: str = "doc") -> list[Event]:
        article = Article(id=article_id, text=text, date=parse_date(date))
        return next(self.pipe([article]))[1]

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for adoc in self.pipeline.pipe(articles, batch_size=self.batch_size, n_process=self.workers):
            yield adoc.article, adoc.events

    def pipe_docs(self, articles: Iterable[Article], trace: bool = False) -> Iterator[ArticleDoc]:
        """Like ``pipe`` but yields the whole ``ArticleDoc`` (mentions, sentences, parse)."""
        yield from self.pipeline.pipe(articles, batch_size=self.batch_size, n_process=self.workers, trace=trace)

    def explain(self, text: str, date: str | dt.date | None = None) -> dict[str, Any]:
        """Parse, actors found, patterns tried and why each event was or was not coded."""
        article = Article(id="explain", text=text, date=parse_date(date))
        adoc = next(self.pipe_docs([article], trace=True))
        return {
            "text": text,
            "date": article.date.isoformat() if article.date else None,
            "tokens": [{"i": t.i, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "tag": t.tag_,
                        "dep": t.dep_, "head": t.head.i} for t in adoc.doc],
            "mentions": [m.to_dict() | {"kind": m.kind, "warnings": m.warnings} for m in adoc.mentions],
            "trace": adoc.trace,
            "events": [e.to_dict() for e in adoc.events],
        }
