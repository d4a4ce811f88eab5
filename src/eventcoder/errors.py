"""Typed errors. Library code raises these; the CLI and the REST service turn them into one-line messages."""

from __future__ import annotations


class EventcoderError(Exception):
    """Base class: every error a user can cause by their input."""


class InputError(EventcoderError):
    """An input file, record or argument cannot be read."""


class DictionaryError(EventcoderError):
    """A dictionary file has errors. ``errors`` holds (path, line, message) triples."""

    def __init__(self, errors: list[tuple[str, int, str]]):
        self.errors = errors
        first = errors[0] if errors else ("?", 0, "unknown error")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first[0]}:{first[1]}: {first[2]}{more}")


class StoreError(EventcoderError):
    """The event store cannot be opened or written."""


class ConfigError(EventcoderError):
    """A pipeline or component configuration is invalid."""
