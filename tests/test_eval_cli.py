"""``eventcoder eval`` and ``eventcoder explain`` end to end on a tiny suite with its own dictionaries."""

from __future__ import annotations

import json

from eventcoder.cli import main

VERBS = """--- ACCUSE [112] ---
ACCUSE
--- MEET [040:040] ---
MEET {MET MEETING}
"""
ACTORS = "VALDORIA [VAL]\nOSTRAVA [OST]\n"
AGENTS = "OFFICIAL [~GOV]\n"


def _suite(tmp_path):
    (tmp_path / "v.txt").write_text(VERBS)
    (tmp_path / "a.txt").write_text(ACTORS)
    (tmp_path / "g.txt").write_text(AGENTS)
    (tmp_path / "d.txt").write_text("FOOTBALL MATCH\n")
    xml = """<Validation><Environment><Verbfile>v.txt</Verbfile><Actorfile>a.txt</Actorfile>
<Agentfile>g.txt</Agentfile><Discardfile>d.txt</Discardfile></Environment><Sentences>
<Sentence date="20150102" id="R1" category="VERB"><EventCoding sourcecode="VAL" targetcode="OST" eventcode="112"/>
<Text>Valdoria accused Ostrava of cheating.</Text></Sentence>
<Sentence date="20150102" id="R2" category="VERB"><EventCoding sourcecode="VAL" targetcode="OST" eventcode="040"/>
<EventCoding sourcecode="OST" targetcode="VAL" eventcode="040"/><Text>Valdoria met Ostrava.</Text></Sentence>
<Sentence date="20150102" id="R3" category="NONE"><EventCoding noevents="True"/>
<Text>Valdoria did not accuse Ostrava.</Text></Sentence>
</Sentences></Validation>"""
    p = tmp_path / "suite.xml"
    p.write_text(xml)
    return p


def test_eval_json(tmp_path, capsys):
    p = _suite(tmp_path)
    assert main(["eval", str(p), "--json", "--stages", "actors,coder,ontology,modality"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["records"] == 3 and d["f1"] == 1.0 and d["by_category"]["VERB"]["tp"] == 3


def test_eval_diff_and_errors(tmp_path, capsys):
    p = _suite(tmp_path)
    assert main(["eval", str(p), "--diff", "--stages", "actors,coder,ontology,modality"]) == 0
    out = capsys.readouterr().out
    assert "F1 1.000" in out and "category" in out
    assert main(["eval", str(tmp_path / "nope.xml")]) == 2
    assert "error:" in capsys.readouterr().err


def test_explain_prints_parse_actors_patterns(tmp_path, capsys):
    p = _suite(tmp_path)
    assert main(["explain", "Valdoria accused Ostrava.", "--date", "2015-01-02", "--dictionaries", str(p)]) == 0
    out = capsys.readouterr().out
    assert "parse:" in out and "VAL" in out and "ACCUSE" in out and "VAL -> OST 112" in out
    assert main(["explain", "  "]) == 2
