"""Score the places and dates stages on a development set (tests/data/devset_world.jsonl).

Each JSONL record: ``text``, ``date`` (article date or null), ``trigger`` (the trigger word), ``source`` and
``target`` (words of the actors, or null), ``place`` ({"name", "country"} or null) and ``event_date``
({"value", "precision"}). An event is built on the parse from these words, the two stages are run, and each
kind is scored: a place is right when both are null, or the countries agree and the names agree (folded), a
date when value and precision agree.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from eventcoder.errors import InputError
from eventcoder.model import Article, Event, Mention
from eventcoder.world.gazetteer import Gazetteer
from eventcoder.world.names import normalize


def _find(doc, words: str, after: int = 0) -> tuple[int, int]:
    toks = words.split()
    for i in range(after, len(doc) - len(toks) + 1):
        if all(doc[i + k].text == t for k, t in enumerate(toks)):
            return i, i + len(toks)
    raise InputError(f"{words!r} not found in {doc.text!r}")


def _mention(doc, words: str | None) -> Mention | None:
    if not words:
        return None
    s, e = _find(doc, words)
    span = doc[s:e]
    return Mention(span.text, None, s, e, (span.start_char, span.end_char), 0, head=span.root.i)


def build_event(doc, record: dict[str, Any]) -> Event:
    """An Event on ``doc`` from the words of a devset record."""
    ti, _ = _find(doc, record["trigger"])
    source = _mention(doc, record.get("source")) or Mention("?", None, ti, ti + 1, (0, 0), 0)
    tok = doc[ti]
    return Event(article_id=record.get("id", "dev"), sentence_id=f"{record.get('id', 'dev')}:0", source=source,
                 target=_mention(doc, record.get("target")), code="---", trigger=tok.text,
                 trigger_span=(tok.idx, tok.idx + len(tok.text)), pattern="devset", trigger_i=ti,
                 sentence_text=doc.text)


def place_ok(got, expected: dict[str, Any] | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    names = {normalize(got.name), normalize(got.text or "")}
    return got.country == expected.get("country") and normalize(expected["name"]) in names


def evaluate(path: Path | str, nlp=None) -> dict[str, Any]:
    """Run the places and dates stages on every record; returns accuracies and the misses."""
    from eventcoder import nlp as nlp_mod
    from eventcoder.pipeline import ArticleDoc, Resources
    from eventcoder.registry import stages

    nlp = nlp or nlp_mod.load()
    resources = Resources()
    resources.__dict__["gazetteer"] = Gazetteer.load()
    run_places = stages.get("places")(resources)
    run_dates = stages.get("dates")(resources)
    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = {"places": [0, 0], "dates": [0, 0]}
    misses: list[dict[str, Any]] = []
    for rec in records:
        doc = nlp(rec["text"])
        date = dt.date.fromisoformat(rec["date"]) if rec.get("date") else None
        article = Article(rec.get("id", "dev"), rec["text"], date)
        event = build_event(doc, rec)
        adoc = ArticleDoc(article, doc, nlp_mod.sentences(doc, article.id), events=[event])
        run_places(adoc)
        run_dates(adoc)
        if "place" in rec:
            ok = place_ok(event.location, rec["place"])
            scores["places"][0] += ok
            scores["places"][1] += 1
            if not ok:
                misses.append({"id": rec.get("id"), "kind": "place", "expected": rec["place"],
                               "got": event.location.to_dict() if event.location else None})
        if "event_date" in rec:
            exp = rec["event_date"]
            ok = event.date.value == exp.get("value") and event.date.precision == exp.get("precision")
            scores["dates"][0] += ok
            scores["dates"][1] += 1
            if not ok:
                misses.append({"id": rec.get("id"), "kind": "date", "expected": exp,
                               "got": {"value": event.date.value, "precision": event.date.precision,
                                       "text": event.date.text}})
    return {
        "n": len(records),
        "accuracy": {k: (v[0] / v[1] if v[1] else None) for k, v in scores.items()},
        "counts": {k: {"right": v[0], "total": v[1]} for k, v in scores.items()},
        "misses": misses,
    }


def run_on_text(text: str, date: str | None, events: list[tuple[str, str | None, str | None]],
                stage_names: tuple[str, ...] = ("places", "dates")) -> list[Event]:
    """Parse ``text``, build events from (trigger word, source words, target words) and run the world stages
    on them (for tests and experiments, before the coder exists)."""
    from eventcoder import nlp as nlp_mod
    from eventcoder.pipeline import ArticleDoc, Resources
    from eventcoder.registry import stages

    doc = nlp_mod.load()(text)
    article = Article("t", text, dt.date.fromisoformat(date) if date else None)
    built = [build_event(doc, {"id": "t", "trigger": t, "source": s, "target": g}) for t, s, g in events]
    adoc = ArticleDoc(article, doc, nlp_mod.sentences(doc, "t"), events=built)
    resources = Resources()
    resources.__dict__["gazetteer"] = Gazetteer.load()
    for name in stage_names:
        stages.get(name)(resources)(adoc)
    return built
