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
    assert t.f1 >= 0.915, report_2018.to_dict()
    assert t.precision >= 0.925


# per-category floors, just under the figures reached (2026-12-07); the issue asks for no category below 0.75
FLOORS_2018 = {"ACTOR": 0.99, "AGENT": 0.99, "COMPOUND": 0.93, "DATE": 0.99, "DEMO": 0.95, "MODIFY": 0.82,
               "PARSING": 0.79, "PATTERN": 0.76, "SYNSET": 0.88, "VERB": 0.94}


def test_2018_no_scored_category_collapses(report_2018):
    cats = report_2018.by_category()
    for name, floor in FLOORS_2018.items():
        assert cats[name].f1 >= floor, (name, cats[name].to_dict())


def test_2018_error_records_are_not_scored_as_zero(report_2018):
    err = report_2018.by_category()["ERROR"]
    assert not err.scored and err.to_dict()["f1"] is None
    assert err.fp <= 2, err.to_dict()


def test_2014_suite_f1_floor(report_2014):
    t = report_2014.total
    assert t.records == 279
    assert t.f1 >= 0.865, report_2014.to_dict()


def test_no_event_records_stay_quiet(report_2018):
    quiet = [r for r in report_2018.results if not r.record.events]
    fps = sum(len(r.false_pos) for r in quiet)
    assert fps <= len(quiet) // 2
