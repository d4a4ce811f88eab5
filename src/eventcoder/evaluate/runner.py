"""Run a coder over a suite's raw texts (never the gold parses) and score the result."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventcoder.errors import InputError
from eventcoder.evaluate.jsonl import read_jsonl
from eventcoder.evaluate.petrarch_xml import read_petrarch_xml
from eventcoder.evaluate.records import Suite, norm_code
from eventcoder.evaluate.score import Predicted, Report, score_record
from eventcoder.model import Article

# Suite readers by file suffix (registry, not an if-chain).
READERS = {".xml": read_petrarch_xml, ".jsonl": read_jsonl, ".json": read_jsonl}


def read_suite(path: str | Path) -> Suite:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {p}")
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise InputError(f"{p}: unknown records format {p.suffix!r} (known: {', '.join(sorted(READERS))})")
    return reader(p)


def default_stages() -> list[str]:
    """The default pipeline minus stages that are not available in this install (scoring needs only coding)."""
    from eventcoder.pipeline import DEFAULT_STAGES
    from eventcoder.registry import stages
    return [s for s in DEFAULT_STAGES if s in stages]


def make_coder(suite: Suite, dictionaries: str | None = None, **options: Any):
    from eventcoder.api import Coder
    spec = dictionaries if dictionaries is not None else suite.dictionaries
    options.setdefault("stages", default_stages())
    config = {k: dict(v) for k, v in (options.get("config") or {}).items()}
    for stage, conv in suite.conventions.items():  # the caller's own settings win
        for key, value in conv.items():
            config.setdefault(stage, {}).setdefault(key, value)
    if config:
        options["config"] = config
    return Coder(dictionaries=spec, **options)


def evaluate(suite: Suite, coder=None, dictionaries: str | None = None,
             include_unevaluated: bool = False) -> Report:
    coder = coder or make_coder(suite, dictionaries)
    records = suite.records if include_unevaluated else suite.evaluated
    report = Report(path=suite.path, skipped=len(suite.records) - len(records))
    articles: Iterable[Article] = (Article(id=r.id, text=r.text, date=r.date) for r in records)
    for rec, (_article, events) in zip(records, coder.pipe(articles), strict=True):
        pred = [Predicted((norm_code(e.source.code), norm_code(e.target.code) if e.target else None, e.code),
                          e.pattern, e.trigger) for e in events]
        report.results.append(score_record(rec, pred))
    return report
