"""Offline web assets shared by the dashboard (``eventcoder.serve``) and the HTML report (``eventcoder.report``).

``static/`` ships ``charts.js`` (SVG time series, bars, network, map and evidence, no dependencies),
``style.css`` and ``world.json`` (Natural Earth 1:110m country outlines, see ``build_outlines.py``).
``events-table.html`` and ``evidence-panel.html`` are markup both pages include (``include_partials``).
``evidence()`` turns an event record into the sentence segments the evidence view highlights.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from eventcoder.errors import InputError

ASSETS = ("charts.js", "style.css", "world.json", "events-table.html", "evidence-panel.html")
_INCLUDE = re.compile(r"<!--\s*include\s+([\w.-]+\.html)\s*-->")
_KINDS = ("trigger", "source", "target")  # highlight priority when spans overlap


def asset_path(name: str):
    """A shipped asset as an importlib Traversable; InputError for names that are not shipped."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise InputError(f"no web asset {name!r}")
    p = resources.files("eventcoder.web").joinpath("static", name)
    if not p.is_file():
        raise InputError(f"no web asset {name!r}")
    return p


@cache
def asset_text(name: str) -> str:
    return asset_path(name).read_text(encoding="utf-8")


def include_partials(html: str) -> str:
    """``html`` with each ``<!-- include NAME.html -->`` replaced by that shared markup from ``static/``."""
    return _INCLUDE.sub(lambda m: asset_text(m.group(1)).rstrip("\n"), html)


def _sentence_start(event: dict[str, Any], article_text: str | None) -> int | None:
    """Character offset of the event's sentence in the article, or None when it cannot be placed."""
    sentence = event.get("sentence") or ""
    if not article_text or not sentence:
        return None
    span = event.get("span") or [0, 0]
    anchor = span[0] if span else 0
    best = None
    pos = article_text.find(sentence)
    while pos != -1:
        if pos <= anchor <= pos + len(sentence):
            return pos
        best = pos if best is None else best
        pos = article_text.find(sentence, pos + 1)
    return best


def _find(sentence: str, text: str | None, taken: list[bool]) -> tuple[int, int] | None:
    """Fallback: the first free occurrence of ``text`` in the sentence."""
    if not text:
        return None
    pos = sentence.find(text)
    while pos != -1:
        if not any(taken[pos:pos + len(text)]):
            return pos, pos + len(text)
        pos = sentence.find(text, pos + 1)
    pos = sentence.find(text)
    return (pos, pos + len(text)) if pos != -1 else None


def evidence_segments(event: dict[str, Any], article_text: str | None = None) -> list[dict[str, Any]]:
    """Split the event's sentence into ``[{"text", "kind"}]`` with kind trigger/source/target or None.

    Spans in the event are article offsets; with the article text they are placed exactly, without it
    the trigger/source/target words are looked up in the sentence.
    """
    sentence = event.get("sentence") or ""
    if not sentence:
        return []
    start = _sentence_start(event, article_text)
    kinds: list[str | None] = [None] * len(sentence)
    spans = {"trigger": (event.get("span"), event.get("trigger")),
             "source": (event.get("source_span"), event.get("source_text")),
             "target": (event.get("target_span"), event.get("target_text"))}
    for kind in reversed(_KINDS):  # lowest priority first, so the trigger wins overlaps
        span, words = spans[kind]
        rng = None
        if start is not None and span and len(span) == 2:
            lo, hi = span[0] - start, span[1] - start
            if 0 <= lo < hi <= len(sentence):
                rng = (lo, hi)
        if rng is None:
            rng = _find(sentence, words, [k is not None for k in kinds])
        if rng:
            for i in range(*rng):
                kinds[i] = kind
    segments: list[dict[str, Any]] = []
    for ch, kind in zip(sentence, kinds, strict=True):
        if segments and segments[-1]["kind"] == kind:
            segments[-1]["text"] += ch
        else:
            segments.append({"text": ch, "kind": kind})
    return segments


def evidence(event: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the evidence view shows: the event, highlighted sentence segments, the article, the pattern."""
    text = article.get("text") if article else None
    return {"event": event, "segments": evidence_segments(event, text), "article": article,
            "pattern": event.get("pattern")}
