"""Reader for PETRARCH validation XML (the 2014 constituency suite and the 2018 UD suite).

Both forms: ``<Sentence date= id= category= [evaluate=] [sentence=]>`` holding ``<EventCoding sourcecode=
targetcode= eventcode=/>`` (or ``noevents="True"``, or ``error="..."``), ``<Text>`` and a ``<Parse>`` that is
ignored (we score from the raw text with our own parser). The 2018 file carries ``<PLEvent {json}>`` lines that
are not XML: they are dropped before parsing. ``evaluate="false"`` and ``sentence="false"`` records are kept but
not scored.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from eventcoder.errors import InputError
from eventcoder.evaluate.records import GoldEvent, GoldRecord, Suite, norm_code

_PLEVENT = re.compile(r"^\s*<PLEvent\b.*$", re.MULTILINE)
# Records are read one by one: the files' header comments are not always well-formed XML (nested "<!--").
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SENTENCE = re.compile(r"<Sentence\b.*?</Sentence>", re.DOTALL)
_FALSE = {"false", "no", "0"}


# The TABARI/PETRARCH validation codebook codes an announced meeting ("will visit Y") as the meeting itself
# (040/042/043), where the CAMEO codebook, and our default, code it as an intent to meet (036).
PETRARCH_CONVENTIONS: dict[str, dict[str, Any]] = {"coder": {"future_intent": False}}


def _date(value: str | None, where: str) -> dt.date | None:
    if not value:
        return None
    v = value.strip()
    try:
        return dt.datetime.strptime(v, "%Y%m%d").date()
    except ValueError:
        raise InputError(f"{where}: bad date {value!r} (expected YYYYMMDD)") from None


def _text(el: ET.Element | None) -> str:
    if el is None or el.text is None:
        return ""
    return " ".join(el.text.split())


def _line_numbers(raw: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in re.finditer(r"<Sentence\b[^>]*\bid\s*=\s*\"([^\"]*)\"", raw):
        out.setdefault(m.group(1), raw.count("\n", 0, m.start()) + 1)
    return out


def read_petrarch_xml(path: str | Path) -> Suite:
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror}") from None
    cleaned = _COMMENT.sub("", _PLEVENT.sub("", raw))
    blocks = list(_SENTENCE.finditer(cleaned))
    if not blocks:
        raise InputError(f"{p}: no <Sentence> records found")
    has_env = "<Environment>" in cleaned
    lines = _line_numbers(raw)
    records: list[GoldRecord] = []
    for n, block in enumerate(blocks):
        try:
            s = ET.fromstring(block.group(0))
        except ET.ParseError as e:
            line = raw.count("\n", 0, raw.find(block.group(0)[:60])) + 1
            raise InputError(f"{p}:{line}: record {n + 1} is not valid XML: {e}") from None
        rid = (s.get("id") or f"record-{n + 1}").strip()
        where = f"{p}:{lines.get(rid, 0)}"
        evaluate = (s.get("evaluate") or "true").strip().lower() not in _FALSE \
            and (s.get("sentence") or "true").strip().lower() not in _FALSE
        rec = GoldRecord(id=rid, text=_text(s.find("Text")), date=_date(s.get("date"), where),
                         category=(s.get("category") or "").strip(), evaluate=evaluate, line=lines.get(rid, 0))
        for ec in s.iter("EventCoding"):
            if (ec.get("noevents") or "").strip().lower() == "true":
                rec.noevents = True
                continue
            if ec.get("error") is not None:
                rec.error = ec.get("error")
                continue
            code = (ec.get("eventcode") or "").strip()
            if not code:
                raise InputError(f"{where}: <EventCoding> without eventcode in record {rid}")
            rec.events.append(GoldEvent(norm_code(ec.get("sourcecode")), norm_code(ec.get("targetcode")), code))
        if not rec.text:
            raise InputError(f"{where}: record {rid} has no <Text>")
        records.append(rec)
    if not records:
        raise InputError(f"{p}: no <Sentence> records found")
    return Suite(path=str(p), records=records, dictionaries=str(p) if has_env else None,
                 format="petrarch-xml", conventions=PETRARCH_CONVENTIONS)
