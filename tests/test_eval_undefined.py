"""A group whose records expect no event has no defined recall/F1: it is reported as such, not as 0."""

from __future__ import annotations

from eventcoder.evaluate.records import GoldEvent, GoldRecord
from eventcoder.evaluate.report import summary_text
from eventcoder.evaluate.score import Predicted, Report, score_record


def _rec(i: str, cat: str, events: list[GoldEvent]) -> GoldRecord:
    return GoldRecord(id=i, text="t", date=None, category=cat, events=events)


def test_no_event_group_is_not_scored_as_zero():
    quiet = score_record(_rec("q", "ERROR", []), [Predicted(("A", "B", "010"))])
    hit = score_record(_rec("h", "VERB", [GoldEvent("A", "B", "010")]), [Predicted(("A", "B", "010"))])
    rep = Report("g", [quiet, hit])
    cats = rep.by_category()
    assert not cats["ERROR"].scored and cats["VERB"].scored
    d = rep.to_dict()
    assert d["by_category"]["ERROR"]["f1"] is None and d["by_category"]["ERROR"]["fp"] == 1
    assert d["by_category"]["VERB"]["f1"] == 1.0
    assert rep.total.scored and d["f1"] == round(rep.total.f1, 4)  # totals keep their meaning
    line = next(x for x in summary_text(rep).splitlines() if x.startswith("ERROR"))
    assert "n/a" in line and "1 false positive" in line
