"""The evaluation harness: readers (JSONL, PETRARCH XML) and the scorer's arithmetic on hand-made records."""

from __future__ import annotations

import json

import pytest

from eventcoder.errors import InputError
from eventcoder.evaluate import Predicted, Report, read_jsonl, read_petrarch_xml, read_suite, score_record
from eventcoder.evaluate.records import norm_code


def _write(path, lines):
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_reader(tmp_path):
    p = _write(tmp_path / "gold.jsonl", [
        {"id": "a", "text": "Valdoria accused Ostrava.", "date": "2016-05-01", "category": "VERB",
         "events": [{"source": "VAL", "target": "OST", "code": "112"}]},
        {"id": "b", "text": "Nothing happened.", "events": []},
        {"id": "c", "text": "Skipped.", "evaluate": False},
    ])
    s = read_jsonl(p)
    assert [r.id for r in s.records] == ["a", "b", "c"]
    assert s.records[0].events[0].triple == ("VAL", "OST", "112")
    assert s.records[0].date.isoformat() == "2016-05-01"
    assert s.records[1].noevents and not s.records[1].events
    assert [r.id for r in s.evaluated] == ["a", "b"]


@pytest.mark.parametrize("line, msg", [
    ("{not json", "invalid JSON"),
    ('{"id": "x"}', "non-empty"),
    ('{"text": "a", "date": "yesterday"}', "cannot read date"),
    ('{"text": "a", "events": [{"source": "A"}]}', "code"),
])
def test_jsonl_errors_name_the_line(tmp_path, line, msg):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_jsonl(p)
    assert ":2:" in str(e.value) and msg in str(e.value)


def test_norm_code():
    assert norm_code("---") is None and norm_code("") is None and norm_code(None) is None
    assert norm_code(" gon ") == "GON"


def test_scorer_arithmetic(tmp_path):
    p = _write(tmp_path / "g.jsonl", [
        {"id": "1", "text": "t1", "category": "A", "events": [{"source": "X", "target": "Y", "code": "010"},
                                                             {"source": "Y", "target": "X", "code": "010"}]},
        {"id": "2", "text": "t2", "category": "A", "events": [{"source": "X", "target": None, "code": "190"}]},
        {"id": "3", "text": "t3", "category": "B", "events": []},
    ])
    s = read_jsonl(p)
    r1 = score_record(s.records[0], [Predicted(("X", "Y", "010")), Predicted(("X", "Y", "010")),
                                     Predicted(("X", "Y", "020"))])
    assert (r1.tp, len(r1.false_pos), len(r1.missed)) == (1, 1, 1)  # duplicate prediction counts once
    r2 = score_record(s.records[1], [Predicted(("X", None, "190"))])
    assert r2.exact
    r3 = score_record(s.records[2], [Predicted(("X", "Y", "010"))])  # no-event record: every event is an FP
    assert (r3.tp, len(r3.false_pos), len(r3.missed)) == (0, 1, 0)
    rep = Report("g", [r1, r2, r3])
    t = rep.total
    assert (t.tp, t.fp, t.fn, t.records, t.exact) == (2, 2, 1, 3, 1)
    assert t.precision == pytest.approx(0.5) and t.recall == pytest.approx(2 / 3)
    assert t.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    cats = rep.by_category()
    assert cats["A"].tp == 2 and cats["A"].fn == 1 and cats["B"].fp == 1
    d = rep.to_dict()
    assert set(d) >= {"precision", "recall", "f1", "records", "by_category"} and d["records"] == 3


XML = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
<!-- a header comment with a nested <!-- marker --> that is not well-formed -->
<Environment>
    <Verbfile>v.txt</Verbfile>
</Environment>
<Sentences>
<Sentence date="20150102" id="T-1" category="VERB" evaluate="true">
<EventCoding sourcecode="VAL" targetcode="OST" eventcode="112"/>
<PLEvent {"event": "112", "source": [{"code": "VAL"}]}>
<Text>
Valdoria accused
Ostrava.
</Text>
<Parse>ignored</Parse>
</Sentence>
<Sentence date="20150103" id="T-2" category="VERB" evaluate="false">
<EventCoding sourcecode="VAL" targetcode="---" eventcode="010"/>
<Text>Skipped.</Text>
</Sentence>
<Sentence date="20150104" id="T-3" category="NONE">
<EventCoding noevents="True"></EventCoding>
<Text>Nothing at all.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_xml_reader(tmp_path):
    p = tmp_path / "recs.xml"
    p.write_text(XML, encoding="utf-8")
    s = read_suite(p)
    assert s.format == "petrarch-xml" and s.dictionaries == str(p)
    r1, r2, r3 = s.records
    assert r1.text == "Valdoria accused Ostrava." and r1.date.isoformat() == "2015-01-02"
    assert r1.events[0].triple == ("VAL", "OST", "112") and r1.category == "VERB" and r1.line > 0
    assert not r2.evaluate and r2.events[0].target is None
    assert r3.noevents and not r3.events
    assert [r.id for r in s.evaluated] == ["T-1", "T-3"]


def test_petrarch_xml_errors(tmp_path):
    p = tmp_path / "bad.xml"
    p.write_text("<Validation><Sentence id='x' date='2015'><Text>a</Text></Sentence></Validation>")
    with pytest.raises(InputError, match="bad date"):
        read_petrarch_xml(p)
    with pytest.raises(InputError, match="unknown records format"):
        read_suite(tmp_path / "bad.xml").records if False else read_suite(_touch(tmp_path / "x.csv"))
    with pytest.raises(InputError, match="no such file"):
        read_suite(tmp_path / "missing.xml")


def _touch(p):
    p.write_text("x")
    return p
