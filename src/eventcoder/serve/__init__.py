"""The REST service and the web dashboard (FastAPI). ``create_app`` is imported lazily (FastAPI is optional)."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from eventcoder.serve.app import create_app
        return create_app
    raise AttributeError(name)
