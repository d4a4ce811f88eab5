"""The HTML report writer: data gathered from a small store, one self-contained file, CLI errors."""

from __future__ import annotations

import json
import re

import pytest
from test_serve_api import make_store

from eventcoder.errors import StoreError


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("report") / "events.duckdb")


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="ec-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_report_is_one_self_contained_file(db, tmp_path):
    from eventcoder.report import write_report
    out = write_report(db, tmp_path / "sub" / "r.html", title="<Dyads & co>")
    html = out.read_text()
    assert "<title>&lt;Dyads &amp; co&gt;</title>" in html
    # nothing to fetch: no external or root-relative URLs in src/href, a CSP that forbids fetching
    assert not re.search(r'(src|href)="(?!data:)[^"#]', html)
    assert "default-src 'none'" in html
    assert "ECCharts" in html and '"countries":[' in html
    data = _data(html)
    assert data["stats"][0] == {"label": "events", "value": 9}
    assert {d["label"]: d["value"] for d in data["top_actors"]}["RUS"] == 5
    assert [(d["label"], d["value"]) for d in data["top_dyads"][:3]] == [
        ("IRN → RUS", 2), ("RUS → TUR", 2), ("RUS → SYR", 1)]
    assert {n["id"] for n in data["network"]["nodes"]} == {"RUS", "TUR", "SYR", "IRN", "USA", "SYRREB"}
    assert sum(p["y"] for p in data["quad_series"]["1"]) == 5
    assert sum(p["y"] for p in data["quad_series"]["4"]) == 1
    assert sorted(p["label"] for p in data["places"]) == ["Afrin", "Moscow", "Sochi", "Tehran"]
    assert len(data["events"]) == 9
    ev = next(e for e in data["events"] if e["event"]["trigger"] == "warned")
    assert {s["kind"]: s["text"] for s in ev["segments"] if s["kind"]} == {
        "trigger": "warned", "source": "United States", "target": "Iran"}
    assert ev["article"]["title"] == "Winter diplomacy" and "text" not in ev["article"]
    assert data["changes"]["counts"]


def test_report_filters_and_limits(db, tmp_path):
    from eventcoder.report import write_report
    html = write_report(db, tmp_path / "f.html", actor="IRN", max_events=2).read_text()
    data = _data(html)
    assert data["stats"][0]["value"] == 3
    assert len(data["events"]) == 2 and "of 3" in data["table_note"]
    assert "actor=IRN" in data["subtitle"]


def test_text_that_looks_like_html_stays_data(tmp_path):
    from eventcoder.report.writer import _script_json, render_report
    s = _script_json({"t": "</script><script>alert(1)</script> @@DATA@@ \u2028"})
    assert "</" not in s and json.loads(s)["t"].startswith("</script>")
    html = render_report({"title": "x", "events": [], "note": "@@STYLE@@"})
    assert html.count("ec-legend") >= 1 and '"note":"@@STYLE@@"' in html


def test_cli_report(db, tmp_path, capsys):
    from eventcoder.cli import main
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "c.html"), "--top", "3"]) == 0
    assert len(_data((tmp_path / "c.html").read_text())["top_actors"]) == 3
    assert main(["report", "--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "x.html")]) == 2
    assert "no store at" in capsys.readouterr().err
    with pytest.raises(StoreError):
        from eventcoder.report import write_report
        write_report(tmp_path / "missing.duckdb", tmp_path / "y.html")
