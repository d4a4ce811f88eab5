"""eventcoder: political event data from news text (who did what to whom, where and when)."""

from eventcoder.errors import EventcoderError
from eventcoder.model import Article, Event, EventDate, Mention, Place, Sentence

__version__ = "0.1.0"

__all__ = ["Article", "Event", "EventDate", "EventcoderError", "Mention", "Place", "Sentence", "__version__",
           "Coder", "Store"]


def __getattr__(name: str):  # lazy: importing eventcoder must not load spaCy or DuckDB
    if name == "Coder":
        from eventcoder.api import Coder
        return Coder
    if name == "Store":
        from eventcoder.store import Store
        return Store
    raise AttributeError(name)
