"""Ingest readers: each source kind, and every kind of bad input becoming a reported problem."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eventcoder.errors import InputError
from eventcoder.ingest import iter_articles, normalize_text


def read(paths, **kw):
    problems: list = []
    arts = list(iter_articles([str(p) for p in paths], errors=problems, **kw))
    return arts, problems


def test_text_file_is_one_article_with_joined_lines(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Ruritania recalled its ambassador\nfrom Freedonia.\n\nTalks are off.\n")
    (art,), problems = read([f], date=dt.date(2020, 5, 1))
    assert art.id == "story"
    assert art.text == "Ruritania recalled its ambassador from Freedonia.\n\nTalks are off."
    assert art.date == dt.date(2020, 5, 1)
    assert problems == []


def test_jsonl_records_dates_and_a_malformed_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "a1", "date": "2019-03-04", "text": "Ruritania praised Freedonia.", "title": "T"}),
        '{"id": "a2", "text": "broken',
        json.dumps({"id": "a3", "date": "20190305", "text": "Freedonia thanked Ruritania.", "lang": "en"}),
        json.dumps(["not", "an", "object"]),
    ]))
    arts, problems = read([f])
    assert [a.id for a in arts] == ["a1", "a3"]
    assert arts[0].date == dt.date(2019, 3, 4) and arts[0].title == "T"
    assert arts[1].date == dt.date(2019, 3, 5) and arts[1].meta == {"lang": "en"}
    assert [p.where for p in problems] == [f"{f}:2", f"{f}:4"]
    assert "malformed JSON" in problems[0].message


def test_csv_with_configured_columns(tmp_path):
    f = tmp_path / "feed.csv"
    f.write_text('doc,published,body\nx1,2021-01-02,"Ruritania, angrily, expelled diplomats."\nx2,,\n')
    arts, problems = read([f], columns={"id": "doc", "date": "published", "text": "body"})
    assert [(a.id, a.date) for a in arts] == [("x1", dt.date(2021, 1, 2))]
    assert arts[0].text == "Ruritania, angrily, expelled diplomats."
    assert len(problems) == 1 and "empty" in problems[0].message


def test_csv_without_text_column_is_reported(tmp_path):
    f = tmp_path / "feed.csv"
    f.write_text("id,body\n1,hello\n")
    arts, problems = read([f])
    assert arts == [] and "no column 'text'" in problems[0].message


def test_html_main_text(tmp_path):
    f = tmp_path / "page.html"
    para = "The foreign minister of Ruritania met her Freedonian counterpart in the capital on Friday. " * 3
    f.write_text(f"<html><head><title>Envoys meet</title></head><body><nav>Home | Sports</nav>"
                 f"<article><h1>Envoys meet</h1><p>{para}</p><p>{para}</p></article>"
                 f"<footer>Subscribe now</footer></body></html>")
    (art,), problems = read([f])
    assert "Freedonian counterpart" in art.text
    assert "Subscribe" not in art.text
    assert art.title == "Envoys meet"


def test_non_utf8_is_decoded_with_a_warning(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Le président de la Ruritanie a visité Paris.".encode("latin-1"))
    (art,), problems = read([f])
    assert "\ufffd" in art.text
    assert len(problems) == 1 and not problems[0].fatal and "UTF-8" in problems[0].message


def test_directory_of_binaries_gives_no_articles_and_problems(tmp_path):
    for i in range(3):
        (tmp_path / f"blob{i}.bin").write_bytes(bytes(range(256)))
    arts, problems = read([tmp_path])
    assert arts == []
    assert len(problems) == 3 and all("binary" in p.message for p in problems)


def test_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read([tmp_path / "nope.txt"])


def test_unknown_format_raises(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x")
    with pytest.raises(InputError, match="unknown input format"):
        read([f], fmt="xml")


def test_normalize_keeps_paragraphs():
    assert normalize_text("a\r\nb\n\n\n c \n") == "a b\n\nc"
