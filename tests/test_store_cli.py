"""The store commands: ingest, export, import, dedup, analyze (fast: a replay coder instead of spaCy)."""

from __future__ import annotations

import json

import pytest

from eventcoder.cli import main
from eventcoder.store import Store
from eventcoder.store.synthetic import ReplayCoder, dedup_corpus


@pytest.fixture()
def corpus_file(tmp_path, monkeypatch):
    corpus = dedup_corpus(25, seed=17)
    path = tmp_path / "articles.jsonl"
    with path.open("w") as fh:
        for a in corpus.articles:
            fh.write(json.dumps(a.to_dict()) + "\n")
        fh.write("{not json\n")
    import eventcoder.commands.code as code_cmd
    monkeypatch.setattr(code_cmd, "make_coder", lambda args: ReplayCoder(corpus.events))
    return corpus, path


def test_cli_round_trip(tmp_path, corpus_file, capsys):
    corpus, path = corpus_file
    db = str(tmp_path / "s.duckdb")
    # one bad line: reported, the rest stored, exit status 1
    assert main(["ingest", str(path), "--db", db, "--no-progress", "--json"]) == 1
    out, err = capsys.readouterr()
    counts = json.loads(out)
    assert counts["articles"] == len(corpus.articles) and counts["events"] == corpus.n_events()
    assert "articles.jsonl:" in err and "Traceback" not in err
    assert main(["ingest", str(path), "--db", db, "--no-progress", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["skipped"] == len(corpus.articles)

    for fmt in ("parquet", "csv", "jsonl", "gdelt", "plover"):
        assert main(["export", "--db", db, "--format", fmt, "--out", str(tmp_path / f"ev.{fmt}")]) == 0
    assert main(["export", "--db", db, "--format", "jsonl", "--out", "-", "--actor", "ARN"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("ARN" in (json.loads(x)["source"], json.loads(x)["target"]) for x in lines)

    db2 = str(tmp_path / "t.duckdb")
    assert main(["import", str(tmp_path / "ev.parquet"), "--db", db2]) == 0
    assert main(["import", str(tmp_path / "ev.parquet"), "--db", db2]) == 0
    with Store(db) as a, Store(db2) as b:
        assert a.stats()["events"] == b.stats()["events"] == corpus.n_events()
        n_clusters = a.stats()["event_clusters"]

    assert main(["dedup", "--db", db, "--window-days", "0", "--max-span-days", "0", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["rule"]["window_days"] == 0 and res["clusters"] >= n_clusters

    for what in ("series", "top", "network", "blocs"):
        assert main(["analyze", what, "--db", db, "--json"]) == 0
        json.loads(capsys.readouterr().out)
        assert main(["analyze", what, "--db", db]) == 0
        assert capsys.readouterr().out.strip()
    assert main(["analyze", "changes", "--db", db, "--before", "2021-03-01..2021-04-15",
                 "--after", "2021-04-16..2021-06-30", "--level", "actor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "actor"


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["analyze", "series", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv", "--out", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 2 and "Traceback" not in err
    with Store(tmp_path / "s.duckdb"):
        pass
    assert main(["analyze", "changes", "--db", str(tmp_path / "s.duckdb")]) == 2
    assert main(["analyze", "series", "--db", str(tmp_path / "s.duckdb"), "--start", "soon"]) == 2
    assert main(["import", str(tmp_path / "missing.parquet"), "--db", str(tmp_path / "s.duckdb")]) == 2
    assert main(["export", "--db", str(tmp_path / "s.duckdb"), "--format", "parquet", "--out", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 4 and "Traceback" not in err
