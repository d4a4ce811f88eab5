"""Small parts of the service: evidence segments, request parsing, the serve command's options."""

from __future__ import annotations

import argparse

import pytest

from eventcoder.errors import ConfigError, InputError
from eventcoder.web import evidence, evidence_segments

ARTICLE = "Officials met on Monday. Norway thanked Chile for its help. Then Norway left."


def _event(**kw):
    ev = {"sentence": "Norway thanked Chile for its help.", "span": [32, 39], "trigger": "thanked",
          "source_span": [25, 31], "source_text": "Norway", "target_span": [40, 45], "target_text": "Chile",
          "pattern": "THANK [051]"}
    ev.update(kw)
    return ev


def test_segments_from_article_offsets():
    segs = evidence_segments(_event(), ARTICLE)
    assert [(s["text"], s["kind"]) for s in segs] == [
        ("Norway", "source"), (" ", None), ("thanked", "trigger"), (" ", None), ("Chile", "target"),
        (" for its help.", None)]


def test_segments_without_article_find_the_words():
    segs = evidence_segments(_event(span=[0, 0], source_span=[999, 1005]))
    assert {s["kind"]: s["text"] for s in segs if s["kind"]} == {
        "source": "Norway", "trigger": "thanked", "target": "Chile"}


def test_segments_trigger_wins_overlaps_and_text_is_kept():
    ev = _event(source_span=[25, 39], target=None, target_span=None, target_text=None)
    segs = evidence_segments(ev, ARTICLE)
    assert "".join(s["text"] for s in segs) == ev["sentence"]
    assert [(s["text"], s["kind"]) for s in segs][:2] == [("Norway ", "source"), ("thanked", "trigger")]
    assert evidence_segments({"sentence": ""}) == []


def test_evidence_bundle():
    out = evidence(_event(), {"id": "a", "text": ARTICLE})
    assert out["pattern"] == "THANK [051]" and out["article"]["id"] == "a" and out["segments"]


def test_request_parsing():
    from eventcoder.serve import requests as rq
    assert rq.parse_dyad("USA,RUS") == ("USA", "RUS") and rq.parse_dyad("") is None
    with pytest.raises(InputError):
        rq.parse_dyad("USA")
    assert rq.parse_bbox("-10,30,40,60") == (-10.0, 30.0, 40.0, 60.0)
    for bad in ("1,2,3", "a,b,c,d", "0,80,10,95", "0,50,10,40"):
        with pytest.raises(InputError):
            rq.parse_bbox(bad)
    art = rq.article_from_record({"text": "Hi there.", "date": "2019-05-06", "lang": "en"}, "d1", 100)
    assert (art.id, art.date.isoformat(), art.meta) == ("d1", "2019-05-06", {"lang": "en"})
    with pytest.raises(rq.TextTooLong):
        rq.article_from_record({"text": "x" * 101}, "d", 100)
    with pytest.raises(InputError, match="malformed JSON"):
        rq.decode_json(b'{"a": ')
    with pytest.raises(InputError, match="UTF-8"):
        rq.decode_text(b"\xff\xfe")
    with pytest.raises(rq.TextTooLong):
        rq.articles_from_json([{"text": "a"}] * 3, 100, 2)
    assert [a.id for a in rq.articles_from_jsonl(b'{"text": "a"}\n\n{"text": "b", "id": "z"}\n', 100, 5)] == \
        ["article-1", "z"]


def test_serve_command_options(monkeypatch):
    from eventcoder.commands import serve as cmd
    p = argparse.ArgumentParser()
    cmd.register(p.add_subparsers())
    args = p.parse_args(["serve"])
    assert (args.host, args.port, args.token) == ("127.0.0.1", 8000, None)
    monkeypatch.delenv("EVENTCODER_TOKEN", raising=False)
    assert cmd._token(args) is None
    assert cmd._token(p.parse_args(["serve", "--token", "abc"])) == "abc"
    with pytest.raises(ConfigError):
        cmd._token(p.parse_args(["serve", "--token"]))
    monkeypatch.setenv("EVENTCODER_TOKEN", "from-env")
    assert cmd._token(p.parse_args(["serve", "--token"])) == "from-env"
    assert cmd._token(p.parse_args(["serve"])) == "from-env"
    with pytest.raises(InputError):
        cmd.handler(p.parse_args(["serve", "--port", "70000"]))


class SlowCoder:
    """Echoes each article's text as its 'events'; records batch sizes; fails on the text 'boom'."""

    def __init__(self):
        self.batches = []

    def pipe(self, articles):
        import time
        articles = list(articles)
        self.batches.append(len(articles))
        time.sleep(0.05)
        for a in articles:
            if a.text == "boom":
                raise ValueError("cannot code this")
            yield a, [a.text]


def test_concurrent_requests_are_coded_together_and_apart():
    import threading

    from eventcoder.model import Article
    from eventcoder.serve.app import LazyCoder
    coder = SlowCoder()
    lazy = LazyCoder(coder, max_batch=16)
    results, errors = {}, {}

    def call(i):
        text = "boom" if i == 5 else f"text {i}"
        try:
            results[i] = lazy.code_articles([Article(id="doc", text=text), Article(id="doc", text=text + "b")])
        except ValueError as e:
            errors[i] = str(e)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert errors == {5: "cannot code this"}
    for i, res in results.items():
        assert [ev for _a, evs, _named in res for ev in evs] == [f"text {i}", f"text {i}b"]
    assert max(coder.batches) > 2  # some requests shared a pipe call
    assert max(coder.batches) <= 16
