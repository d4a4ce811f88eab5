"""REST service: a real uvicorn server on a free loopback port over a small store built from Event dicts."""

from __future__ import annotations

import csv
import hashlib
import io
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from eventcoder.model import EVENT_FIELDS, Article  # noqa: E402

# (article id, date, title, text) — sentences written for these tests
ARTICLES = [
    ("a1", "2017-11-22", "Talks in Sochi",
     "Russia hosted Turkey for talks in Sochi. Turkey criticized Syria over the border clashes. "
     "Russia promised aid to Syria."),
    ("a2", "2017-12-05", "Ankara and Damascus",
     "Syria accused Turkey of shelling villages near Afrin. Iran praised Russia for its mediation."),
    ("a3", "2018-01-15", "Winter diplomacy",
     "Russia hosted Turkey again in Moscow. The United States warned Iran about missile tests."),
    ("a4", "2018-02-02", "Border fighting",
     "Turkey attacked Kurdish positions near Afrin. Iran met Russia in Tehran."),
]

# (article, source word, source code, trigger, target word, target code, cameo, root, quad, goldstein, plover, place)
PLACES = {
    "Sochi": ("Sochi", "RUS", 43.6, 39.73), "Afrin": ("Afrin", "SYR", 36.51, 36.87),
    "Moscow": ("Moscow", "RUS", 55.75, 37.62), "Tehran": ("Tehran", "IRN", 35.69, 51.42),
}
EVENTS = [
    ("a1", "Russia", "RUS", "hosted", "Turkey", "TUR", "042", "04", 1, 1.9, "CONSULT", "Sochi"),
    ("a1", "Turkey", "TUR", "criticized", "Syria", "SYR", "111", "11", 3, -2.0, "ACCUSE", None),
    ("a1", "Russia", "RUS", "promised", "Syria", "SYR", "033", "03", 1, 5.2, "COOPERATE", None),
    ("a2", "Syria", "SYR", "accused", "Turkey", "TUR", "112", "11", 3, -2.0, "ACCUSE", "Afrin"),
    ("a2", "Iran", "IRN", "praised", "Russia", "RUS", "051", "05", 1, 3.4, "COOPERATE", None),
    ("a3", "Russia", "RUS", "hosted", "Turkey", "TUR", "042", "04", 1, 1.9, "CONSULT", "Moscow"),
    ("a3", "United States", "USA", "warned", "Iran", "IRN", "130", "13", 3, -4.4, "THREATEN", None),
    ("a4", "Turkey", "TUR", "attacked", "Kurdish", "SYRREB", "190", "19", 4, -10.0, "ASSAULT", "Afrin"),
    ("a4", "Iran", "IRN", "met", "Russia", "RUS", "036", "03", 1, 4.0, "CONSULT", "Tehran"),
]


def _span(text: str, words: str, start: int = 0) -> list[int]:
    i = text.index(words, start)
    return [i, i + len(words)]


def sample_events() -> dict[str, list[dict[str, Any]]]:
    """Event dicts in the JSONL schema, per article."""
    texts = {a[0]: a for a in ARTICLES}
    out: dict[str, list[dict[str, Any]]] = {a[0]: [] for a in ARTICLES}
    for art, sw, sc, trig, tw, tc, cameo, root, quad, gold, plover, place in EVENTS:
        _, date, _, text = texts[art]
        t_span = _span(text, f" {trig} ")
        t_span = [t_span[0] + 1, t_span[1] - 1]
        s_start = text.rfind(". ", 0, t_span[0])
        s_start = 0 if s_start < 0 else s_start + 2
        s_end = text.index(".", t_span[1]) + 1
        sentence = text[s_start:s_end]
        index = text[:s_start].count(". ")
        loc = None
        if place:
            name, iso3, lat, lon = PLACES[place]
            p = _span(text, name)
            loc = {"name": name, "country": iso3, "admin1": None, "lat": lat, "lon": lon, "precision": "city",
                   "geonameid": None, "text": name, "span": p}
        ev = {f: None for f in EVENT_FIELDS}
        ev.update({
            "event_id": hashlib.sha1(f"{art}|{t_span}|{sc}|{tc}|{cameo}".encode()).hexdigest()[:16],
            "article_id": art, "sentence_id": f"{art}:{index}", "date": date, "date_precision": "day",
            "date_source": "article", "source": sc, "target": tc, "cameo": cameo, "root": root,
            "goldstein": gold, "quad_class": quad, "plover": plover, "source_text": sw, "target_text": tw,
            "source_span": _span(text, sw, s_start), "target_span": _span(text, tw, t_span[1]),
            "trigger": trig, "span": t_span, "pattern": f"test pattern for {trig} [{cameo}] (tests:1)",
            "sentence": sentence, "location": loc, "negated": False, "future": False, "hypothetical": False,
            "reported": False, "warnings": [],
        })
        out[art].append(ev)
    return out


class ReplayCoder:
    """Stands in for the coder when building a store: returns the prepared events of each article."""

    def __init__(self, events: dict[str, list[dict[str, Any]]]):
        self.events = events

    def pipe(self, articles):
        for a in articles:
            yield a, self.events.get(a.id, [])


def make_store(path: Path) -> Path:
    """A small store: 4 articles, 9 events (5 with places), over four months."""
    from eventcoder.api import parse_date
    from eventcoder.store import Store
    with Store(path) as store:
        arts = [Article(id=i, text=t, date=parse_date(d), title=title, source="test wire")
                for i, d, title, t in ARTICLES]
        store.ingest(arts, ReplayCoder(sample_events()))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn in a thread on a free loopback port; its log records are captured."""

    def __init__(self, app):
        self.port = free_port()
        self.log = io.StringIO()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="info", log_config=None)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        import logging
        self.handler = logging.StreamHandler(self.log)
        self.handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.loggers = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access",
                                                         "eventcoder", "fastapi", "starlette")]
        for lg in self.loggers:
            lg.addHandler(self.handler)
            lg.setLevel(logging.INFO)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        for lg in self.loggers:
            lg.removeHandler(self.handler)


class FakeCoder:
    """A coder for /code and /ingest tests that need no spaCy: one event per sentence naming two codes."""

    def __init__(self):
        self.calls = 0

    def pipe(self, articles):
        from eventcoder.model import Event, EventDate, Mention
        for a in articles:
            self.calls += 1
            if "explode" in a.text:
                raise RuntimeError("the fake coder broke")
            events = []
            if "met" in a.text:
                i = a.text.index("met")
                src = Mention("Alpha", "AAA", 0, 1, (0, 5), 0)
                tgt = Mention("Beta", "BBB", 2, 3, (i + 4, i + 8), 0)
                events.append(Event(a.id, f"{a.id}:0", src, tgt, "040", "met", (i, i + 3), "MEET [040]",
                                    sentence_text=a.text, date=EventDate.from_article(a.date),
                                    attributes={"root": "04", "quad_class": 1, "goldstein": 1.0,
                                                "plover": "CONSULT"}))
            yield a, events


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from eventcoder.serve import create_app
    db = make_store(tmp_path_factory.mktemp("serve") / "events.duckdb")
    coder = FakeCoder()
    app = create_app(db, coder=coder, token="s3cret", max_body_bytes=20_000, max_text_chars=5_000)
    with ServerThread(app) as srv:
        srv.coder = coder
        yield srv
    assert "Traceback" not in srv.log.getvalue(), srv.log.getvalue()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=20) as c:
        yield c


def test_code_plain_text_and_article_json(client):
    r = client.post("/code", content="Alpha met Beta in the capital.", params={"date": "2018-03-01"},
                    headers={"content-type": "text/plain"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["date"] == "2018-03-01"
    assert len(body["events"]) == 1
    ev = body["events"][0]
    assert set(EVENT_FIELDS) <= set(ev)
    assert (ev["source"], ev["target"], ev["cameo"], ev["date"]) == ("AAA", "BBB", "040", "2018-03-01")

    r = client.post("/code", json={"text": "Nothing happened here.", "id": "x9", "date": "2018-01-02"})
    assert r.status_code == 200 and r.json() == {"id": "x9", "date": "2018-01-02", "events": []}


def test_events_filters(client):
    everything = client.get("/events", params={"limit": 100}).json()
    assert everything["total"] == len(EVENTS) == len(everything["events"])
    dates = [e["date"] for e in everything["events"]]
    assert dates == sorted(dates)

    def ids(**params):
        res = client.get("/events", params={**params, "limit": 100})
        assert res.status_code == 200, res.text
        return sorted((e["source"], e["target"], e["cameo"]) for e in res.json()["events"])

    assert ids(actor="IRN") == [("IRN", "RUS", "036"), ("IRN", "RUS", "051"), ("USA", "IRN", "130")]
    assert ids(dyad="RUS,TUR") == [("RUS", "TUR", "042"), ("RUS", "TUR", "042")]
    assert ids(source="TUR") == [("TUR", "SYR", "111"), ("TUR", "SYRREB", "190")]
    assert ids(quad_class=4) == [("TUR", "SYRREB", "190")]
    assert ids(cameo="11") == [("SYR", "TUR", "112"), ("TUR", "SYR", "111")]
    assert ids(root="04") == [("RUS", "TUR", "042"), ("RUS", "TUR", "042")]
    assert ids(plover="consult") == [("IRN", "RUS", "036"), ("RUS", "TUR", "042"), ("RUS", "TUR", "042")]
    assert ids(start="2018-01-01", end="2018-01-31") == [("RUS", "TUR", "042"), ("USA", "IRN", "130")]
    assert ids(country="syr") == [("SYR", "TUR", "112"), ("TUR", "SYRREB", "190")]
    assert ids(bbox="30,30,45,50") == [("RUS", "TUR", "042"), ("SYR", "TUR", "112"), ("TUR", "SYRREB", "190")]
    page = client.get("/events", params={"limit": 2, "offset": 8}).json()
    assert page["count"] == 1 and page["total"] == len(EVENTS)
    # a value that looks like SQL is only ever a parameter
    assert ids(actor="RUS' OR '1'='1") == []


def test_events_csv(client):
    r = client.get("/events", params={"format": "csv", "actor": "USA"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 1 and rows[0]["source"] == "USA" and rows[0]["cameo"] == "130"
    assert list(rows[0]) == list(EVENT_FIELDS)


def test_actors_series_network_places(client):
    actors = {a["actor"]: a["events"] for a in client.get("/actors").json()["actors"]}
    assert actors["RUS"] == 5 and actors["TUR"] == 5 and actors["USA"] == 1
    s = client.get("/dyads/RUS/TUR/series").json()["series"]
    assert [(p["x"], p["y"], p["coop"]) for p in s] == [("2017-11", 1, 1), ("2018-01", 1, 1)]
    both = client.get("/dyads/TUR/SYR/series", params={"both": "true", "period": "year"}).json()["series"]
    assert [(p["x"], p["y"], p["conflict"]) for p in both] == [("2017", 2, 2)]
    net = client.get("/network").json()
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("RUS", "TUR")]["count"] == 2 and edges[("RUS", "TUR")]["coop"] == 2
    assert edges[("TUR", "SYRREB")]["conflict"] == 1
    assert {n["id"] for n in net["nodes"]} == {"RUS", "TUR", "SYR", "IRN", "USA", "SYRREB"}
    places = client.get("/places").json()
    by_name = {p["label"]: p for p in places["places"]}
    assert by_name["Afrin"]["count"] == 2 and len(by_name["Afrin"]["event_ids"]) == 2
    assert places["countries"] == {"RUS": 2, "SYR": 2, "IRN": 1}


def test_evidence(client):
    ev = client.get("/events", params={"dyad": "SYR,TUR"}).json()["events"][0]
    r = client.get(f"/events/{ev['event_id']}/evidence")
    assert r.status_code == 200
    body = r.json()
    marked = {s["kind"]: s["text"] for s in body["segments"] if s["kind"]}
    assert marked == {"trigger": "accused", "source": "Syria", "target": "Turkey"}
    assert "".join(s["text"] for s in body["segments"]) == ev["sentence"]
    assert body["article"]["id"] == "a2" and "Afrin" in body["article"]["text"]
    assert body["pattern"].startswith("test pattern for accused")
    assert client.get("/events/0000000000000000/evidence").status_code == 404


def test_bad_input_answers_413_and_422(client):
    big = "x" * 30_000
    r = client.post("/code", content=big, headers={"content-type": "text/plain"})
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    chunks = (b"z" * 8_000 for _ in range(4))  # no Content-Length: counted as it streams
    r = client.post("/code", content=chunks, headers={"content-type": "text/plain"})
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    r = client.post("/code", content="y " * 3_000, headers={"content-type": "text/plain"})
    assert r.status_code == 413 and "text too long" in r.json()["detail"]
    r = client.post("/code", content='{"text": "Alpha met', headers={"content-type": "application/json"})
    assert r.status_code == 422 and "malformed JSON" in r.json()["detail"]
    r = client.post("/code", json={"date": "2018-01-01"})
    assert r.status_code == 422 and "text" in r.json()["detail"]
    r = client.post("/code", json={"text": "Alpha met Beta.", "date": "next tuesday"})
    assert r.status_code == 422 and "date" in r.json()["detail"]
    for params in ({"quad_class": 7}, {"limit": 0}, {"start": "yesterday"}, {"bbox": "1,2,3"},
                   {"cameo": "abc"}, {"format": "xml"}, {"dyad": "RUS"}, {"start": "2018-02-01", "end": "2018-01-01"}):
        r = client.get("/events", params=params)
        assert r.status_code == 422, (params, r.text)
        assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    assert client.get("/dyads/RUS/TUR/series", params={"period": "week"}).status_code == 422


def test_coder_failure_is_a_500_without_traceback(client, server):
    r = client.post("/code", content="Alpha met Beta, then things explode.", headers={"content-type": "text/plain"})
    assert r.status_code == 500 and r.json()["detail"] == "coding failed: RuntimeError"
    assert "the fake coder broke" in server.log.getvalue()
    assert client.post("/code", content="Alpha met Beta.").status_code == 200  # still serving


def test_ingest_needs_token(client, server):
    art = {"id": "n1", "text": "Alpha met Beta in the port city.", "date": "2018-04-04"}
    assert client.post("/ingest", json=art).status_code == 401
    assert client.post("/ingest", json=art, headers={"authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/ingest", json=[art], headers={"authorization": "Bearer s3cret"})
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["articles"] == 1 and r.json()["counts"]["events"] == 1
    again = client.post("/ingest", json={"articles": [art]}, headers={"x-token": "s3cret"}).json()
    assert again["counts"]["skipped"] == 1
    assert client.get("/events", params={"actor": "AAA"}).json()["total"] == 1
    r = client.post("/ingest", content=b'{"text": "a"}\n{broken\n', headers={
        "authorization": "Bearer s3cret", "content-type": "application/x-ndjson"})
    assert r.status_code == 422 and "line 2" in r.json()["detail"]


def test_report_endpoint(client):
    r = client.get("/report", params={"actor": "USA"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "ECCharts" in r.text and '{"label":"events","value":1}' in r.text
    assert client.get("/report", params={"max_events": -1}).status_code == 422


def test_docs_are_offline(client):
    html = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/code", "/ingest", "/events", "/actors", "/network", "/dyads/{a}/{b}/series",
            "/events/{event_id}/evidence"} <= set(spec["paths"])
    assert client.get("/").status_code == 200 and "dashboard.js" in client.get("/").text
    assert client.get("/web/world.json").json()["countries"]


@pytest.mark.slow
def test_code_with_the_real_coder(coder, tmp_path):
    """End to end with the real coder: whatever events come out are in the JSONL schema and stored."""
    from eventcoder.serve import create_app
    with ServerThread(create_app(tmp_path / "e.duckdb", coder=coder)) as srv, \
            httpx.Client(base_url=srv.url, timeout=60) as c:
        r = c.post("/code", json={"text": "Russian President Vladimir Putin met Turkish President Recep "
                                          "Tayyip Erdogan in Sochi on Wednesday.", "date": "2017-11-22"})
        assert r.status_code == 200, r.text
        for ev in r.json()["events"]:
            assert set(EVENT_FIELDS) <= set(ev)
            assert ev["sentence"] and ev["trigger"] and ev["source"]
        r = c.post("/ingest", json={"id": "p1", "text": "Germany criticized Poland on Monday.", "date": "2018-01-08"})
        assert r.status_code == 200 and r.json()["counts"]["articles"] == 1
        stored = c.get("/events", params={"limit": 5}).json()
        assert stored["total"] == r.json()["counts"]["events"]
        for ev in stored["events"]:
            body = c.get(f"/events/{ev['event_id']}/evidence").json()
            assert "".join(s["text"] for s in body["segments"]) == ev["sentence"]
    assert "Traceback" not in srv.log.getvalue()


def test_token_from_environment_and_read_only(monkeypatch, tmp_path):
    from eventcoder.serve import create_app
    monkeypatch.setenv("EVENTCODER_TOKEN", "env-token")
    art = {"text": "Alpha met Beta.", "date": "2018-05-05"}
    with ServerThread(create_app(tmp_path / "t.duckdb", coder=FakeCoder())) as srv, \
            httpx.Client(base_url=srv.url, timeout=20) as c:
        assert c.post("/ingest", json=art).status_code == 401
        assert c.post("/ingest", json=art, headers={"x-token": "env-token"}).status_code == 200
    monkeypatch.delenv("EVENTCODER_TOKEN")
    with ServerThread(create_app(tmp_path / "t.duckdb", coder=FakeCoder(), read_only=True)) as srv, \
            httpx.Client(base_url=srv.url, timeout=20) as c:
        assert c.post("/ingest", json=art).status_code == 403
        assert c.get("/events").json()["total"] == 1
        assert c.get("/stats").json()["articles"] == 1
