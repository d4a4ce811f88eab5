"""The dashboard and the HTML report include the same shared markup from ``eventcoder.web``."""

from __future__ import annotations

import pytest

from eventcoder import web
from eventcoder.errors import InputError
from eventcoder.report.writer import build_report_data, render_report
from eventcoder.store import Store
from eventcoder.store.synthetic import ReplayCoder, dedup_corpus

PARTIALS = ("events-table.html", "evidence-panel.html")


def test_include_replaces_markers_and_rejects_unknown_names():
    html = "<main><!-- include evidence-panel.html --></main><p><!--include events-table.html--></p>"
    out = web.include_partials(html)
    assert "include" not in out and 'id="evidence-panel"' in out and 'id="events"' in out
    assert web.include_partials("<p>no markers</p>") == "<p>no markers</p>"
    with pytest.raises(InputError):
        web.include_partials("<!-- include nope.html -->")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    corpus = dedup_corpus(5, seed=2)
    path = tmp_path_factory.mktemp("pages") / "s.duckdb"
    with Store(path) as s:
        s.ingest(corpus.articles, ReplayCoder(corpus.events))
    return path


def test_both_pages_carry_the_shared_markup(db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from eventcoder.serve import create_app
    with Store(db, read_only=True) as s:
        report = render_report(build_report_data(s))
    with TestClient(create_app(db, read_only=True)) as client:
        dashboard = client.get("/").text
    for page in (report, dashboard):
        assert "<!-- include" not in page
        for name in PARTIALS:
            assert page.count(web.asset_text(name).rstrip("\n")) == 1
        assert page.count('id="evidence"') == 1 and page.count('id="events"') == 1
