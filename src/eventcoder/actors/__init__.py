"""Actors: find actor mentions in sentences with the actor and agent dictionaries (the ``actors`` stage)."""

from eventcoder.actors.find import find_mentions

__all__ = ["find_mentions"]
