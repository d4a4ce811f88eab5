"""The REST service and the dashboard: ``create_app(db_path, coder=None, token=None, ...) -> FastAPI``.

Endpoints (OpenAPI at ``/docs``, served offline from assets shipped in the package):

* ``POST /code`` — plain text or an article JSON ``{text, date?, id?, title?, ...}`` -> its events
* ``POST /ingest`` — articles into the store (a token is required when one is configured)
* ``GET /events`` — filtered, paged events (JSON, or CSV with ``format=csv``)
* ``GET /actors``, ``GET /dyads/{a}/{b}/series``, ``GET /network``, ``GET /places``
* ``GET /events/{event_id}/evidence`` — the sentence with highlighted spans, the article, the pattern
* ``GET /`` — the dashboard

Bad input answers 422 (413 for bodies or texts over the limits) with a one-line message and logs no traceback.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import logging
import os
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from eventcoder import web
from eventcoder.api import parse_date
from eventcoder.errors import EventcoderError, InputError, StoreError
from eventcoder.model import EVENT_FIELDS
from eventcoder.serve import requests as rq
from eventcoder.serve.data import EventData
from eventcoder.serve.limits import BodyLimitMiddleware

log = logging.getLogger("eventcoder.serve")

# Query parameters shared by several endpoints (validated by FastAPI: a bad value is a 422).
Actor = Annotated[str | None, Query(max_length=64, description="actor code, as source or target")]
Code = Annotated[str | None, Query(max_length=64, description="actor code")]
Dyad = Annotated[str | None, Query(max_length=130, description="SOURCE,TARGET")]
Cameo = Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code or prefix, e.g. 042")]
Root = Annotated[str | None, Query(pattern=r"^\d{1,2}$", description="CAMEO root, e.g. 04")]
Quad = Annotated[int | None, Query(ge=1, le=4, description="QuadClass: 1 verbal coop … 4 material conflict")]
Plover = Annotated[str | None, Query(max_length=32, description="PLOVER event type, e.g. CONSULT")]
Day = Annotated[str | None, Query(max_length=10, description="date YYYY-MM-DD (inclusive)")]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO3 country of the event place")]
BBox = Annotated[str | None, Query(max_length=120, description="min_lon,min_lat,max_lon,max_lat")]

DEFAULT_MAX_BODY = 2_000_000  # bytes per request
DEFAULT_MAX_TEXT = 200_000  # characters per article
DEFAULT_MAX_ARTICLES = 500  # articles per /ingest request
MAX_PAGE = 5000  # events per /events page
TOKEN_ENV = "EVENTCODER_TOKEN"

JSON_TYPES = ("application/json", "application/ld+json")
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")


class LazyCoder:
    """The coder, loaded once per process on first use.

    Coding is serialised (spaCy is not thread-safe), and requests that arrive while the coder is busy are
    coded together in one ``pipe`` call (up to ``max_batch`` articles): whichever waiting request gets
    the coder next codes every queued article and hands each request its results. No thread of its own,
    no added latency when idle.
    """

    def __init__(self, coder: Any = None, factory: Callable[[], Any] | None = None, max_batch: int = 16):
        self._coder = coder
        self._factory = factory
        self._load_lock = threading.Lock()
        self.lock = threading.Lock()  # held while the coder runs
        self.max_batch = max_batch
        self._queue: deque[tuple[list, Future]] = deque()
        self._queue_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._coder is not None

    def get(self) -> Any:
        if self._coder is None:
            with self._load_lock:
                if self._coder is None:
                    if self._factory is not None:
                        self._coder = self._factory()
                    else:
                        from eventcoder.api import Coder
                        self._coder = Coder()
        return self._coder

    def code_articles(self, articles: list) -> list[tuple[Any, list, dict | None]]:
        """``[(article, events, named)]`` for the articles, in order; ``named`` holds the places and time
        expressions the article names (None from a coder without ``pipe_docs``)."""
        coder = self.get()
        mine: Future = Future()
        with self._queue_lock:
            self._queue.append((articles, mine))
        while not mine.done():
            with self.lock:
                if mine.done():
                    break
                self._run_batch(coder)
        return mine.result()

    def _run_batch(self, coder: Any) -> None:
        batch: list[tuple[list, Future]] = []
        n = 0
        with self._queue_lock:
            while self._queue and (not batch or n + len(self._queue[0][0]) <= self.max_batch):
                job = self._queue.popleft()
                batch.append(job)
                n += len(job[0])
        if not batch:
            return
        try:
            self._code_batch(coder, batch, n)
        finally:  # never leave a request waiting on a result that will not come
            for _arts, fut in batch:
                if not fut.done():
                    fut.set_exception(RuntimeError("coding was interrupted"))

    @staticmethod
    def _code_batch(coder: Any, batch: list[tuple[list, Future]], n: int) -> None:
        try:
            results = _pipe(coder, [a for arts, _f in batch for a in arts])
            if len(results) != n:
                raise RuntimeError("the coder returned a different number of results")
        except Exception:  # noqa: BLE001 - retry each request alone, so one bad article fails only its own
            for arts, fut in batch:
                try:
                    fut.set_result(_pipe(coder, arts))
                except Exception as e:  # noqa: BLE001 - handed to the request that sent it
                    fut.set_exception(e)
            return
        i = 0
        for arts, fut in batch:
            fut.set_result(results[i:i + len(arts)])
            i += len(arts)


def _pipe(coder: Any, articles: list) -> list[tuple[Any, list, dict | None]]:
    if hasattr(coder, "pipe_docs"):
        return [(d.article, d.events, {"places": [p.to_dict() for p in d.places],
                                       "times": [t.to_dict() for t in d.times]})
                for d in coder.pipe_docs(articles)]
    return [(a, evs, None) for a, evs in coder.pipe(articles)]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return "; ".join(parts) or "invalid request"


def _csv(events: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = list(EVENT_FIELDS)
    w.writerow(cols)
    for e in events:
        row = []
        for c in cols:
            v = e.get(c)
            if isinstance(v, dict | list):
                v = json.dumps(v, ensure_ascii=False)
            elif isinstance(v, bool):
                v = "true" if v else "false"
            row.append("" if v is None else v)
        w.writerow(row)
    return buf.getvalue()


def _static_dir(package: str) -> FsPath:
    return FsPath(str(resources.files(package).joinpath("static")))


def create_app(db_path: str | os.PathLike[str], coder: Any = None, token: str | None = None,
               max_body_bytes: int = DEFAULT_MAX_BODY, max_text_chars: int = DEFAULT_MAX_TEXT,
               max_articles: int = DEFAULT_MAX_ARTICLES, coder_factory: Callable[[], Any] | None = None,
               read_only: bool = False, coder_batch: int = 16) -> FastAPI:
    """Build the app over the store at ``db_path``.

    ``coder``: a ready ``Coder`` (else one is built on the first /code or /ingest request, or by
    ``coder_factory``). ``token``: required by /ingest (default: the EVENTCODER_TOKEN environment variable;
    no token configured means /ingest is open). Limits: request body bytes, characters per text, articles
    per /ingest request. ``coder_batch``: at most this many articles of concurrent /code requests are
    coded in one ``pipe`` call (1: one request at a time).
    """
    if coder_batch < 1 or max_body_bytes < 1 or max_text_chars < 1 or max_articles < 1:
        raise InputError("coder_batch and the limits must be at least 1")
    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    data = EventData(db_path, read_only=read_only)
    lazy = LazyCoder(coder, coder_factory, max_batch=coder_batch)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        data.close()  # the store is released when the server stops

    app = FastAPI(title="eventcoder", version=_version(), docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Political event data from news text: code articles, query the event store.")
    app.state.data = data
    app.state.coder = lazy
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.mount("/static", StaticFiles(directory=_static_dir("eventcoder.serve")), name="static")
    app.mount("/web", StaticFiles(directory=_static_dir("eventcoder.web")), name="web")

    # ---- errors: one line, no traceback for anything the client caused ----
    @app.exception_handler(RequestValidationError)
    async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(rq.TextTooLong)
    async def _on_too_long(request: Request, exc: rq.TextTooLong) -> JSONResponse:
        return _error(413, str(exc))

    @app.exception_handler(InputError)
    async def _on_input(request: Request, exc: InputError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(StoreError)
    async def _on_store(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return _error(503, f"store error: {exc}")

    @app.exception_handler(EventcoderError)
    async def _on_eventcoder(request: Request, exc: EventcoderError) -> JSONResponse:
        log.error("%s: %s", type(exc).__name__, exc)
        return _error(500, str(exc))

    def require_token(request: Request) -> None:
        if token is None:
            return
        given = request.headers.get("x-token") or ""
        auth = request.headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid token is required: send 'Authorization: Bearer TOKEN'")

    # ---- pages ----
    @app.get("/", include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse(web.include_partials(resources.files("eventcoder.serve")
                                                 .joinpath("static", "index.html").read_text(encoding="utf-8")))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="eventcoder API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger/favicon.png",
                                   swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": True})

    @app.get("/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness (cheap: touches neither the store nor the coder)."""
        return {"status": "ok", "coder_loaded": lazy.loaded}

    @app.get("/stats", tags=["store"])
    def stats() -> dict[str, Any]:
        """Rows in the store: articles, events, mentions, deduplicated events."""
        return data.stats()

    # ---- coding ----
    code_body = {"requestBody": {"required": True, "content": {
        "text/plain": {"schema": {"type": "string"}, "example": "Turkey's president met Russian officials in Sochi."},
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"}, "date": {"type": "string", "example": "2017-11-22"},
            "id": {"type": "string"}, "title": {"type": "string"}, "source": {"type": "string"},
            "url": {"type": "string"}}}}}}}

    @app.post("/code", tags=["coding"], openapi_extra=code_body)
    async def code(request: Request, date: str | None = Query(None, description="article date YYYY-MM-DD (plain text)"),
                   id: str | None = Query(None, description="article id (plain text)")) -> dict[str, Any]:
        """Code one article (plain text, or a JSON article) and return its events in the JSONL schema, and
        the places (``places``) and time expressions (``times``) it names, events or not."""
        body = await request.body()
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in JSON_TYPES:
            article = rq.article_from_record(rq.decode_json(body), id or "doc", max_text_chars)
        else:
            text = rq.decode_text(body)
            if not text.strip():
                raise InputError("empty text: send the article text as the body")
            rq.check_length(text, max_text_chars)
            article = rq.article_from_record({"text": text, "date": date, "id": id}, "doc", max_text_chars)
        try:
            [(art, events, named)] = await run_in_threadpool(lazy.code_articles, [article])
        except EventcoderError:
            raise
        except Exception as e:  # a coder bug: one line in the log (traceback at debug level), a 500 answer
            log.error("coding article %r failed: %s: %s", article.id, type(e).__name__, e)
            log.debug("coding failure", exc_info=True)
            raise HTTPException(500, f"coding failed: {type(e).__name__}") from None
        return {"id": art.id, "date": art.date.isoformat() if art.date else None,
                "events": [e.to_dict() for e in events], **(named or {})}

    ingest_body = {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"oneOf": [
            {"type": "object", "required": ["text"]}, {"type": "array", "items": {"type": "object"}},
            {"type": "object", "properties": {"articles": {"type": "array", "items": {"type": "object"}}}}]}},
        "application/x-ndjson": {"schema": {"type": "string"}}}}}

    @app.post("/ingest", tags=["store"], openapi_extra=ingest_body)
    async def ingest(request: Request) -> dict[str, Any]:
        """Code articles and add them to the store; returns the store's counts. Needs the token if one is set."""
        require_token(request)
        if read_only:
            raise HTTPException(403, "the store is open read-only")
        body = await request.body()
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in JSONL_TYPES:
            articles = rq.articles_from_jsonl(body, max_text_chars, max_articles)
        else:
            articles = rq.articles_from_json(rq.decode_json(body), max_text_chars, max_articles)

        def work() -> dict[str, Any]:
            coder_obj = lazy.get()
            with lazy.lock:
                return data.ingest(articles, coder_obj)
        counts = await run_in_threadpool(work)
        return {"articles": len(articles), "counts": counts}

    # ---- queries ----
    def filters(actor: str | None = None, source: str | None = None, target: str | None = None,
                dyad: str | None = None, cameo: str | None = None, root: str | None = None,
                quad_class: int | None = None, plover: str | None = None, start: str | None = None,
                end: str | None = None, country: str | None = None, bbox: str | None = None) -> dict[str, Any]:
        f = {"actor": actor or None, "source": source or None, "target": target or None,
             "dyad": rq.parse_dyad(dyad), "cameo": cameo or None, "root": root or None,
             "quad_class": quad_class, "plover": plover or None,
             "start": parse_date(start), "end": parse_date(end),
             "country": country.upper() if country else None, "bbox": rq.parse_bbox(bbox)}
        if f["start"] and f["end"] and f["start"] > f["end"]:
            raise InputError("start is after end")
        return {k: v for k, v in f.items() if v is not None}

    @app.get("/events", tags=["store"])
    def events(actor: Actor = None, source: Code = None, target: Code = None, dyad: Dyad = None,
               cameo: Cameo = None, root: Root = None, quad_class: Quad = None, plover: Plover = None,
               start: Day = None, end: Day = None, country: Country = None, bbox: BBox = None,
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
               order: Annotated[Literal["asc", "desc"], Query(description="by date")] = "asc",
               format: Annotated[Literal["json", "csv"], Query()] = "json") -> Any:
        """Events matching every filter given, ordered by date, paged with limit/offset."""
        f = filters(actor, source, target, dyad, cameo, root, quad_class, plover, start, end, country, bbox)
        rows = data.events(limit=limit, offset=offset, newest_first=order == "desc", **f)
        if format == "csv":
            return Response(_csv(rows), media_type="text/csv; charset=utf-8",
                            headers={"content-disposition": "attachment; filename=events.csv"})
        return {"limit": limit, "offset": offset, "count": len(rows), "total": data.count(**f), "events": rows}

    @app.get("/events/{event_id}/evidence", tags=["store"])
    def event_evidence(event_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        """The event's sentence split into highlighted segments (trigger, source, target), its article and pattern."""
        ev = data.event(event_id)
        if ev is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return web.evidence(ev, data.article(ev.get("article_id")))

    @app.get("/actors", tags=["store"])
    def actors(limit: Annotated[int, Query(ge=1, le=100_000)] = 1000) -> dict[str, Any]:
        """Actor codes in the store with their number of events (as source, as target, in all)."""
        rows = data.actors(limit=limit)
        return {"count": len(rows), "actors": rows}

    @app.get("/dyads/{a}/{b}/series", tags=["analysis"])
    def dyad_series(a: Annotated[str, Path(max_length=64)], b: Annotated[str, Path(max_length=64)],
                    period: Annotated[Literal["day", "month", "year"], Query()] = "month",
                    both: Annotated[bool, Query(description="count both directions")] = False,
                    start: Day = None, end: Day = None, quad_class: Quad = None, cameo: Cameo = None,
                    root: Root = None) -> dict[str, Any]:
        """Events per period from actor a to actor b (and back with both=true), with Goldstein sums."""
        f = filters(cameo=cameo, root=root, quad_class=quad_class, start=start, end=end)
        return {"source": a, "target": b, "period": period, "both": both,
                "series": data.dyad_series(a, b, period=period, both=both, **f)}

    @app.get("/network", tags=["analysis"])
    def network(actor: Actor = None, cameo: Cameo = None, root: Root = None, quad_class: Quad = None,
                plover: Plover = None, start: Day = None, end: Day = None, country: Country = None,
                max_nodes: Annotated[int, Query(ge=2, le=500)] = 40,
                min_count: Annotated[int, Query(ge=1)] = 1) -> dict[str, Any]:
        """Actor network of the filtered events: edges with cooperation and conflict counts."""
        f = filters(actor=actor, cameo=cameo, root=root, quad_class=quad_class, plover=plover, start=start,
                    end=end, country=country)
        return data.network(max_nodes=max_nodes, min_count=min_count, **f)

    @app.get("/report", tags=["analysis"], response_class=HTMLResponse)
    def report(actor: Actor = None, cameo: Cameo = None, quad_class: Quad = None, start: Day = None,
               end: Day = None, country: Country = None,
               period: Annotated[Literal["day", "month", "year"], Query()] = "month",
               max_events: Annotated[int, Query(ge=0, le=5000)] = 500) -> HTMLResponse:
        """The self-contained HTML report of the (filtered) store, as ``eventcoder report`` writes it."""
        from eventcoder.report import render_report
        f = filters(actor=actor, cameo=cameo, quad_class=quad_class, start=start, end=end, country=country)
        return HTMLResponse(render_report(data.report_data(period=period, max_events=max_events, **f)))

    @app.get("/places", tags=["analysis"])
    def places(actor: Actor = None, cameo: Cameo = None, root: Root = None, quad_class: Quad = None,
               plover: Plover = None, start: Day = None, end: Day = None, country: Country = None,
               bbox: BBox = None) -> dict[str, Any]:
        """Event places of the filtered events (for the map), and events per country."""
        f = filters(actor=actor, cameo=cameo, root=root, quad_class=quad_class, plover=plover, start=start,
                    end=end, country=country, bbox=bbox)
        return data.places(**f)

    return app


def _version() -> str:
    from eventcoder import __version__
    return __version__
