"""Exports of a store (registered in ``eventcoder.registry.exporters``) and imports back into one.

Every exporter is ``exporter(store, out, **filters) -> dict`` (``rows`` written, ``skipped`` where a format
cannot hold some events); ``out`` is a path (or, except Parquet, a text stream); ``filters`` are those of
``Store.events``. Formats: ``parquet``, ``jsonl``, ``csv`` (events, one row per report) and ``gdelt``,
``plover`` (deduplicated events). Importing: ``Store.import_events(path)``.
"""

from __future__ import annotations

from typing import Any

from eventcoder.export import gdelt, plover, tables  # noqa: F401  (registers the exporters)
from eventcoder.registry import exporters


def export(store, fmt: str, out, **filters: Any) -> dict[str, int]:
    """Write ``store``'s events in format ``fmt`` to ``out``."""
    return exporters.get(fmt)(store, out, **filters)


__all__ = ["export"]
