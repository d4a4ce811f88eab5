"""Registries instead of if-chains: readers, pipeline stages, exporters and suites register themselves by name.

>>> from eventcoder.registry import stages
>>> @stages.register("my_stage")
... def make_my_stage(resources, **config):
...     return lambda adoc: None
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from eventcoder.errors import ConfigError

F = TypeVar("F", bound=Callable[..., Any])


class Registry(Generic[F]):
    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, F] = {}

    def register(self, name: str) -> Callable[[F], F]:
        def deco(fn: F) -> F:
            self._items[name] = fn
            return fn
        return deco

    def get(self, name: str) -> F:
        self._load_builtins()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise ConfigError(f"unknown {self.kind} {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        self._load_builtins()
        return sorted(self._items)

    def __contains__(self, name: str) -> bool:
        self._load_builtins()
        return name in self._items

    def _load_builtins(self) -> None:
        loader = _BUILTIN_MODULES.get(self.kind)
        if loader:
            import importlib
            for mod in loader:
                importlib.import_module(mod)


# Modules that register the built-in entries of each registry (imported on first lookup).
_BUILTIN_MODULES: dict[str, list[str]] = {
    "stage": ["eventcoder.actors.stage", "eventcoder.actors.context", "eventcoder.coder.stage",
              "eventcoder.coder.modality", "eventcoder.world.places", "eventcoder.world.dates",
              "eventcoder.ontology"],
    "reader": ["eventcoder.ingest"],
    "exporter": ["eventcoder.export"],
}

stages: Registry = Registry("stage")
readers: Registry = Registry("reader")
exporters: Registry = Registry("exporter")
