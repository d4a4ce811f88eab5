"""The news-style development gold set (tests/data/news_gold.jsonl): well-formed, broad, and a floor on the
coder's score with the shipped dictionaries (the set is for development; held-out figures are in the report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.evaluate import evaluate, read_suite

GOLD = Path(__file__).parent / "data" / "news_gold.jsonl"


@pytest.fixture(scope="module")
def suite():
    return read_suite(GOLD)


def test_gold_set_is_broad(suite):
    recs = suite.evaluated
    assert len(recs) >= 80
    assert len({r.id for r in recs}) == len(recs)
    empty = [r for r in recs if not r.events]
    assert len(empty) >= 0.2 * len(recs)  # sentences that must yield nothing
    roots = {e.code[:2] for r in recs for e in r.events}
    assert len(roots) >= 15
    assert all(r.date is not None for r in recs)


def test_news_gold_floor(suite, coder):
    report = evaluate(suite, coder=coder)
    total = report.total
    assert total.f1 >= 0.64, total.to_dict()
    none = report.by_category().get("none")
    assert none is not None and none.fp <= 3, none.to_dict()
