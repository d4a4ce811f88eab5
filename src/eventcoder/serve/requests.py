"""Reading request bodies and query parameters into library values; bad input raises ``InputError``."""

from __future__ import annotations

import json
from typing import Any

from eventcoder.api import parse_date
from eventcoder.errors import InputError
from eventcoder.model import Article

ARTICLE_KEYS = ("id", "text", "date", "source", "url", "title")


def decode_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise InputError(f"body is not valid UTF-8 (bad byte at offset {e.start})") from None
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}") from None


def decode_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"body is not valid UTF-8 (bad byte at offset {e.start})") from None


def article_from_record(rec: Any, default_id: str, max_chars: int, where: str = "article") -> Article:
    """A JSON object ``{text, date?, id?, title?, source?, url?, ...}`` -> Article (other keys go to meta)."""
    if not isinstance(rec, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: 'text' must be a non-empty string")
    check_length(text, max_chars)
    for key in ("id", "source", "url", "title"):
        if rec.get(key) is not None and not isinstance(rec[key], str | int):
            raise InputError(f"{where}: '{key}' must be a string")
    date = rec.get("date")
    if date is not None and not isinstance(date, str):
        raise InputError(f"{where}: 'date' must be a string YYYY-MM-DD")
    meta = {k: v for k, v in rec.items() if k not in ARTICLE_KEYS}
    return Article(id=str(rec.get("id") or default_id), text=text, date=parse_date(date),
                   source=_opt_str(rec.get("source")), url=_opt_str(rec.get("url")),
                   title=_opt_str(rec.get("title")), meta=meta)


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)


class TextTooLong(InputError):
    """A text over the configured length limit (answered with 413)."""


def check_length(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise TextTooLong(f"text too long: {len(text)} characters, the limit is {max_chars}")


def articles_from_json(data: Any, max_chars: int, max_articles: int) -> list[Article]:
    """One article object, a list of them, or ``{"articles": [...]}``."""
    if isinstance(data, dict) and "articles" in data:
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    if not records:
        raise InputError("no articles given")
    if len(records) > max_articles:
        raise TextTooLong(f"too many articles: {len(records)}, the limit is {max_articles} per request")
    return [article_from_record(r, f"article-{i + 1}", max_chars, where=f"article {i + 1}")
            for i, r in enumerate(records)]


def articles_from_jsonl(body: bytes, max_chars: int, max_articles: int) -> list[Article]:
    lines = [ln for ln in decode_text(body).splitlines() if ln.strip()]
    records = []
    for n, line in enumerate(lines, 1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise InputError(f"line {n}: malformed JSON: {e.msg} at column {e.colno}") from None
    return articles_from_json(records, max_chars, max_articles)


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    """'USA,RUS' (or 'USA-RUS', 'USA>RUS') -> ('USA', 'RUS')."""
    if value is None or value == "":
        return None
    for sep in (",", ">", "-", "|"):
        if sep in value:
            a, _, b = value.partition(sep)
            if a.strip() and b.strip():
                return a.strip(), b.strip()
    raise InputError(f"dyad {value!r}: use SOURCE,TARGET (e.g. USA,RUS)")


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """'min_lon,min_lat,max_lon,max_lat' -> four floats, checked."""
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        nums = tuple(float(p) for p in parts)
    except ValueError:
        nums = ()
    if len(nums) != 4:
        raise InputError(f"bbox {value!r}: use min_lon,min_lat,max_lon,max_lat")
    w, s, e, n = nums
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise InputError(f"bbox {value!r}: longitudes in [-180, 180], latitudes in [-90, 90], south <= north")
    return w, s, e, n
