"""End-to-end tests of the command line: real coding, and one-line errors for every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

TEXT = ("Ruritania recalled its ambassador from Freedonia.\n\n"
        "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi on Tuesday.")


def run(*args, stdin: str | None = None, cwd=None):
    p = subprocess.run([sys.executable, "-m", "eventcoder", *args], input=stdin, capture_output=True,
                       text=True, cwd=cwd, timeout=300)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def test_code_jsonl_schema(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    p = run("code", str(f), "--date", "2017-11-21")
    assert p.returncode == 0, p.stderr
    events = [json.loads(line) for line in p.stdout.splitlines()]
    assert events, p.stderr
    required = {"article_id", "sentence_id", "date", "source", "target", "cameo", "root", "goldstein",
                "quad_class", "plover", "source_text", "target_text", "trigger", "span", "pattern",
                "location", "warnings"}
    for e in events:
        assert required <= set(e)
        assert isinstance(e["cameo"], str) and e["cameo"][:2] == e["root"]
        start, end = e["span"]
        assert TEXT.replace("\n\n", "\n\n")[start:end] == e["trigger"]
    meet = [e for e in events if e["root"] == "04"]
    assert {frozenset((e["source"], e["target"])) for e in meet} >= {frozenset(("RUSGOV", "TURGOV"))}


def test_code_csv_and_petrarch_formats(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    out = tmp_path / "ev.csv"
    assert run("code", str(f), "--date", "2017-11-21", "--format", "csv", "--out", str(out)).returncode == 0
    header = out.read_text().splitlines()[0].split(",")
    assert "cameo" in header and "location_lat" in header
    p = run("code", str(f), "--date", "2017-11-21", "--format", "petrarch")
    assert p.returncode == 0 and all(len(line.split("\t")) == 6 for line in p.stdout.splitlines())


def test_missing_date_warns_and_marks_unknown(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    p = run("code", str(f))
    assert p.returncode == 0
    assert "no date" in p.stderr
    for e in map(json.loads, p.stdout.splitlines()):
        assert e["date_source"] in ("unknown", "text")
        if e["date_source"] == "unknown":
            assert e["date"] is None


def test_stdin(tmp_path):
    p = run("code", "-", "--date", "2017-11-21", stdin=TEXT)
    assert p.returncode == 0 and p.stdout.strip()


def test_missing_file():
    p = run("code", "/nonexistent/file.txt")
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == ["error: no such file or directory: /nonexistent/file.txt"]


def test_directory_of_binaries(tmp_path):
    for i in range(2):
        (tmp_path / f"x{i}.bin").write_bytes(bytes(range(256)) * 4)
    p = run("code", str(tmp_path))
    assert p.returncode == 2
    assert "binary file skipped" in p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith("error: no articles to code")


def test_non_utf8_is_coded_with_warning(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Ruritania recalled its ambassador from Freedonia \xe9.".encode("latin-1"))
    p = run("code", str(f), "--date", "2020-01-01")
    assert p.returncode == 0
    assert "warning:" in p.stderr and "UTF-8" in p.stderr


def test_empty_input(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n")
    p = run("code", str(f))
    assert p.returncode == 2 and "no articles to code" in p.stderr
    p = run("code", "-", stdin="")
    assert p.returncode == 2 and "no articles to code" in p.stderr


def test_malformed_jsonl_line_reported_others_coded(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "ok1", "date": "2017-11-21", "text": TEXT}),
        "{not json",
        json.dumps({"id": "ok2", "date": "2017-11-22", "text": TEXT}),
    ]))
    p = run("code", str(f))
    assert p.returncode == 1
    assert f"{f}:2: malformed JSON" in p.stderr
    ids = {json.loads(line)["article_id"] for line in p.stdout.splitlines()}
    assert ids == {"ok1", "ok2"}


def test_bad_date_argument():
    p = run("code", "-", "--date", "next tuesday", stdin=TEXT)
    assert p.returncode == 2 and p.stderr.startswith("error: cannot read date")


def test_dictionary_with_syntax_error(tmp_path):
    bad = tmp_path / "bad.actors"
    bad.write_text("[Ruritania]\ncode = RUR\n\n[Freedonia]\ncode = FRE 2019-13-45 ..\n")
    p = run("dictionaries", "check", str(bad))
    assert p.returncode == 1
    assert f"{bad}:5:" in p.stdout + p.stderr
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    p = run("code", str(f), "--actors", str(bad))
    assert p.returncode == 2
    assert f"{bad}:5:" in p.stderr and len(p.stderr.strip().splitlines()) == 1
