"""Reader for our JSONL gold format (see docs/evaluation.md).

One JSON object per line::

    {"id": "r1", "text": "Arnor accused Gondor of spying.", "date": "2016-05-01", "category": "VERB",
     "events": [{"source": "ARN", "target": "GON", "code": "112"}]}

``events`` empty (or absent) means no event is expected; ``"evaluate": false`` keeps a record out of the score.
Blank lines and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

from eventcoder.errors import InputError
from eventcoder.evaluate.records import GoldEvent, GoldRecord, Suite, norm_code


def read_jsonl(path: str | Path) -> Suite:
    from eventcoder.api import parse_date

    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text") from None
    records: list[GoldRecord] = []
    for n, line in enumerate(lines, start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        try:
            obj = json.loads(s)
        except json.JSONDecodeError as e:
            raise InputError(f"{p}:{n}: invalid JSON: {e.msg}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            raise InputError(f"{p}:{n}: each line must be an object with a non-empty \"text\"")
        try:
            date = parse_date(obj.get("date"))
        except InputError as e:
            raise InputError(f"{p}:{n}: {e}") from None
        events = obj.get("events") or []
        if not isinstance(events, list):
            raise InputError(f"{p}:{n}: \"events\" must be a list")
        gold = []
        for ev in events:
            if not isinstance(ev, dict) or not str(ev.get("code") or "").strip():
                raise InputError(f"{p}:{n}: each event needs a \"code\" (and \"source\", optional \"target\")")
            gold.append(GoldEvent(norm_code(ev.get("source")), norm_code(ev.get("target")), str(ev["code"]).strip()))
        records.append(GoldRecord(id=str(obj.get("id") or f"line-{n}"), text=obj["text"], date=date, events=gold,
                                  category=str(obj.get("category") or ""), evaluate=obj.get("evaluate", True) is not False,
                                  noevents=not gold, line=n))
    if not records:
        raise InputError(f"{p}: no records")
    return Suite(path=str(p), records=records, dictionaries=None, format="jsonl")
