"""The service's access to the event store: one ``Store`` per app, calls serialised by a lock
(a DuckDB connection must not be used by two threads at once)."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from eventcoder.web import queries

T = TypeVar("T")


def _locked(fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def wrapper(self: EventData, *args: Any, **kwargs: Any) -> T:
        with self.lock:
            return fn(self, *args, **kwargs)
    return wrapper


class EventData:
    """Opens the store at ``db_path`` (created when missing, unless ``read_only``)."""

    def __init__(self, db_path: str | os.PathLike[str], read_only: bool = False):
        from eventcoder.store import Store
        self.lock = threading.RLock()
        self.store = Store(db_path, read_only=read_only)

    def close(self) -> None:
        with self.lock:
            self.store.close()

    @_locked
    def events(self, limit: int | None = 100, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        return queries.events(self.store, limit=limit, offset=offset, **filters)

    @_locked
    def count(self, **filters: Any) -> int:
        return queries.count(self.store, **filters)

    @_locked
    def stats(self) -> dict[str, int]:
        return self.store.stats()

    @_locked
    def event(self, event_id: str) -> dict[str, Any] | None:
        return queries.event(self.store, event_id)

    @_locked
    def article(self, article_id: str | None) -> dict[str, Any] | None:
        return queries.article(self.store, article_id)

    @_locked
    def actors(self, limit: int | None = None) -> list[dict[str, Any]]:
        return queries.actors(self.store, limit=limit)

    @_locked
    def dyad_series(self, source: str, target: str, period: str = "month", both: bool = False,
                    **filters: Any) -> list[dict[str, Any]]:
        return queries.dyad_series(self.store, source, target, period=period, both=both, **filters)

    @_locked
    def network(self, max_nodes: int = 40, min_count: int = 1, **filters: Any) -> dict[str, Any]:
        return queries.network(self.store, max_nodes=max_nodes, min_count=min_count, **filters)

    @_locked
    def places(self, **filters: Any) -> dict[str, Any]:
        return {"places": queries.places(self.store, **filters),
                "countries": queries.country_counts(self.store, **filters)}

    @_locked
    def report_data(self, **options: Any) -> dict[str, Any]:
        from eventcoder.report import build_report_data
        return build_report_data(self.store, **options)

    @_locked
    def ingest(self, articles: list, coder: Any) -> dict[str, Any]:
        problems: list = []
        counts = self.store.ingest(articles, coder, errors=problems)
        return {**counts, "problems": [str(p) for p in problems]}
