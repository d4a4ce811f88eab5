"""The PETRARCH validation suites, coded from raw text with our parse (skipped when ../shared is absent).

The floors are the figures reached with the core coding stages; a drop below them is a regression.
"""

from __future__ import annotations

import pytest

from eventcoder.evaluate import evaluate, make_coder, read_suite

CORE = ["actors", "coder", "ontology", "modality"]


def _report(path):
    suite = read_suite(path)
    return evaluate(suite, coder=make_coder(suite, stages=CORE))


@pytest.fixture(scope="module")
def report_2018(shared):
    return _report(shared / "petrarch" / "validation-2018" / "PETR_Validate_records_2_02.xml")


@pytest.fixture(scope="module")
def report_2014(shared):
    return _report(shared / "petrarch" / "validation-2014" / "PETR.UnitTest.records.xml")


def test_2018_suite_f1_floor(report_2018):
    t = report_2018.total
    assert t.records == 264
    assert t.f1 >= 0.89, report_2018.to_dict()
    assert t.precision >= 0.90


def test_2018_no_scored_category_collapses(report_2018):
    cats = report_2018.by_category()
    for name in ("DEMO", "AGENT", "COMPOUND", "DATE", "VERB", "SYNSET", "MODIFY", "ACTOR"):
        assert cats[name].f1 >= 0.8, (name, cats[name].to_dict())


def test_2014_suite_f1_floor(report_2014):
    t = report_2014.total
    assert t.records == 279
    assert t.f1 >= 0.84, report_2014.to_dict()


def test_no_event_records_stay_quiet(report_2018):
    quiet = [r for r in report_2018.results if not r.record.events]
    fps = sum(len(r.false_pos) for r in quiet)
    assert fps <= len(quiet) // 2
