"""Our own readable dictionary formats (``*.actors``, ``*.agents``, ``*.discards``): readers and writers.

Actors::

    [Hassan Rouhani]                  # an entry: its canonical name
    alias = Rouhani | Hasan Rowhani   # more names ('|'-separated, repeatable)
    type = person                     # person | country | organization | group
    country = IRN                     # ISO3
    code = IRNELI                     # no dates: the default code
    code = IRNGOV 2013-08-03 .. 2021-08-03 | president   # dated code, optional role after '|'
    code = --- .. 1995-06-30          # '---' is the null code (known, no code)

Agents::

    [foreign minister]
    alias = top diplomat              # other singular names
    plural = foreign ministers        # plural forms (matched as plurals)
    code = ~GOVFRM                    # ~X after the actor code, X~ before it
    role = foreign minister

Discards: one phrase a line; ``+`` first = the whole story is discarded; a final ``*`` = the last word is a
prefix (``baseball*`` matches "baseballs").

Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; bounds are inclusive (``2013`` as an end means the end of 2013).
Readers return ``(entries, errors)``; writers return the text. Reading what a writer wrote gives equal objects.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventcoder.dictionaries.actors import ActorEntry, CodeSpan
from eventcoder.dictionaries.agents import AgentEntry
from eventcoder.dictionaries.common import (
    NULL_CODES,
    Problem,
    Problems,
    XmlCommentFilter,
    content_lines,
    pieces,
    read_lines,
    strip_comment,
)
from eventcoder.dictionaries.discards import DiscardEntry
from eventcoder.dictionaries.petrarch_nouns import parse_agent_code

ACTOR_TYPES = ("person", "country", "organization", "group")
_FAST_CODE = re.compile(r"^([A-Z0-9/+#]*[A-Z][A-Z0-9/+#]*|---)(?:\s+(\d{4}-\d\d-\d\d)?\s*\.\.\s*(\d{4}-\d\d-\d\d)?)?"
                        r"\s*(?:\|\s*(\S.*?))?\s*$")
_CODE = re.compile(r"^[A-Z0-9/+#\-]+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def parse_date(text: str, end: bool = False) -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; an ``end`` bound with no day/month takes the last one."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"bad date {text.strip()!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m[1])
    month = int(m[2]) if m[2] else (12 if end else 1)
    try:
        if m[3]:
            return dt.date(year, month, int(m[3]))
        day = calendar.monthrange(year, month)[1] if end else 1
        return dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"bad date {text.strip()!r}: no such day") from None


def parse_code_value(value: str) -> CodeSpan:
    """``"IRNGOV 2013-08-03 .. 2021-08-03 | president"`` -> CodeSpan; raises ValueError (with the reason).

    >>> parse_code_value("IRNGOV 2013-08 .. 2021 | president")
    CodeSpan(code='IRNGOV', start=datetime.date(2013, 8, 1), end=datetime.date(2021, 12, 31), role='president')
    >>> format_code(parse_code_value("--- .. 1979-02-11"))
    '--- .. 1979-02-11'
    """
    m = _FAST_CODE.match(value)
    if m:  # the usual forms, checked in one go; anything else gets the careful parse and its messages
        code_text, a, b, role = m.groups()
        code = None if code_text in NULL_CODES else code_text
        if m.group(0).find("..") < 0:
            return CodeSpan(code, role=role)
        try:
            start = dt.date.fromisoformat(a) if a else None
            end = dt.date.fromisoformat(b) if b else None
        except ValueError:
            start = end = dt.date.min
        if (start or end) and start != dt.date.min and not (start and end and end < start):
            return CodeSpan(code, start, end, role)
    body, _, role = value.partition("|")
    role = " ".join(role.split()) or None
    body = body.strip()
    if not body:
        raise ValueError("empty code: use code = CODE [FROM .. TO] [| role]")
    code_text, _, dates = body.partition(" ")
    if ".." in code_text:
        raise ValueError(f"code missing before dates in {value.strip()!r}")
    code_text = code_text.upper()
    if code_text.lower() == code_text and code_text not in NULL_CODES:  # no letters
        raise ValueError(f"code missing before dates in {value.strip()!r}")
    if not _CODE.match(code_text):
        raise ValueError(f"bad code {code_text!r}: use letters and digits, e.g. IRNGOV")
    code = None if code_text in NULL_CODES else code_text
    dates = dates.strip()
    if not dates:
        return CodeSpan(code, role=role)
    if ".." not in dates:
        raise ValueError(f"bad date range {dates!r}: use FROM .. TO, FROM .. or .. TO")
    a, _, b = dates.partition("..")
    start = parse_date(a) if a.strip() else None
    end = parse_date(b, end=True) if b.strip() else None
    if start is None and end is None:
        raise ValueError(f"date range {dates!r} has no dates: leave it out for a default code")
    if start and end and end < start:
        raise ValueError(f"date range ends before it starts: {dates.strip()!r}")
    return CodeSpan(code, start, end, role)


def _names(value: str) -> list[str]:
    return [" ".join(x.split()) for x in value.split("|") if x.strip()]


class _Entry:
    __slots__ = ("name", "line", "fields", "codes")

    def __init__(self, name: str, line: int):
        self.name = name
        self.line = line
        self.fields: dict[str, list[tuple[str, int]]] = {}  # key -> [(value, line)]
        self.codes: list[CodeSpan] = []


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, stripped content) of the lines that are not blank or comments (fast path for our
    files: most lines hold no '#')."""
    xml = XmlCommentFilter()
    for n, raw in enumerate(read_lines(path), 1):
        text = raw.strip()
        if not text or text[0] == "#":
            continue
        if "#" in text:
            text = strip_comment(text).rstrip()
        if (xml.inside or text.startswith("<!")) and xml.skip(text):
            continue
        yield n, text


def _read_entries(path: str | Path, keys: tuple[str, ...], probs: Problems, kind: str) -> list[_Entry]:
    out: list[_Entry] = []
    cur: _Entry | None = None
    actor_codes = kind == "actors"
    for n, text in _lines(path):
        if text[0] == "[":
            name = text[1:-1]
            if text[-1] != "]" or "[" in name or "]" in name or not name.strip():
                probs.add(n, f"bad entry header {text!r}: use [Name]")
                cur = None
                continue
            cur = _Entry(" ".join(name.split()), n)
            out.append(cur)
            continue
        key, eq, value = text.partition("=")
        key = key.rstrip()
        if key not in keys:
            key = key.lower()
            if not eq or not key.replace("_", "").isalpha():
                probs.add(n, f"cannot read {text!r}: expected [Name] or key = value")
                continue
            if key not in keys:
                probs.add(n, f"unknown key {key!r} (known for {kind}: {', '.join(keys)})")
                continue
        if cur is None:
            probs.add(n, f"{key} = ... comes before any [Name] entry")
            continue
        value = value.strip()
        if not value:
            probs.add(n, f"empty value for {key}")
            continue
        if actor_codes and key == "code":
            try:
                cur.codes.append(parse_code_value(value))
            except ValueError as e:
                probs.add(n, str(e))
            continue
        cur.fields.setdefault(key, []).append((value, n))
    return out


def _single(e: _Entry, key: str, probs: Problems) -> tuple[str, int] | tuple[None, int]:
    vals = e.fields.get(key)
    if not vals:
        return None, e.line
    if len(vals) > 1:
        probs.add(vals[1][1], f"[{e.name}] has {key} twice")
    return vals[-1]


def _collect(e: _Entry, keys: tuple[str, ...]) -> list[list[str]]:
    """The names under each key, without repeats (of the entry name or each other, ignoring case)."""
    seen = {e.name.lower()}
    out: list[list[str]] = []
    for key in keys:
        names: list[str] = []
        for v, _n in e.fields.get(key, ()):
            for a in _names(v):
                k = a.lower()
                if k not in seen:
                    seen.add(k)
                    names.append(a)
        out.append(names)
    return out


def read_actors(path: str | Path) -> tuple[list[ActorEntry], list[Problem]]:
    """Read an ``*.actors`` file of our format."""
    probs = Problems(path)
    out: list[ActorEntry] = []
    spath = str(path)
    for e in _read_entries(path, ("alias", "type", "country", "code"), probs, "actors"):
        (aliases,) = _collect(e, ("alias",))
        typ, n = _single(e, "type", probs)
        if typ is not None:
            typ = typ.lower()
            if typ not in ACTOR_TYPES:
                probs.add(n, f"bad type {typ!r} (use {' | '.join(ACTOR_TYPES)})")
                typ = None
        country, n = _single(e, "country", probs)
        if country is not None:
            country = country.upper()
            if not _ISO3.match(country):
                probs.add(n, f"bad country {country!r}: use an ISO3 code")
                country = None
        out.append(ActorEntry(e.name, tuple(aliases), tuple(e.codes), typ, country, spath, e.line))
    return out, sorted(probs.errors, key=lambda x: x[1])


def read_agents(path: str | Path) -> tuple[list[AgentEntry], list[Problem]]:
    """Read an ``*.agents`` file of our format."""
    probs = Problems(path)
    out: list[AgentEntry] = []
    for e in _read_entries(path, ("alias", "plural", "code", "role"), probs, "agents"):
        code_text, n = _single(e, "code", probs)
        if code_text is None:
            probs.add(e.line, f"[{e.name}] has no code (add code = ~CODE or CODE~)")
            continue
        try:
            code, prefix = parse_agent_code(code_text)
        except ValueError as err:
            probs.add(n, str(err))
            continue
        aliases, plurals = _collect(e, ("alias", "plural"))
        role, _n = _single(e, "role", probs)
        out.append(AgentEntry(e.name, code, prefix, tuple(aliases), tuple(plurals),
                              " ".join(role.split()) if role else None, str(path), e.line))
    return out, sorted(probs.errors, key=lambda x: x[1])


def read_discards(path: str | Path) -> tuple[list[DiscardEntry], list[Problem]]:
    """Read a ``*.discards`` file of our format."""
    probs = Problems(path)
    out: list[DiscardEntry] = []
    for n, _raw, content in content_lines(read_lines(path)):
        text = content.strip()
        story = text.startswith("+")
        text = text[1:].strip() if story else text
        stem = text.endswith("*")
        text = text.rstrip("*").strip()
        if "*" in text or any(c in text for c in "[]{}"):
            probs.add(n, f"bad discard phrase {content.strip()!r}: a phrase, '+' first for story level, "
                         "'*' last for a prefix")
            continue
        if not pieces(text):
            probs.add(n, f"empty discard phrase {content.strip()!r}")
            continue
        out.append(DiscardEntry(" ".join(text.split()), story, stem, str(path), n))
    return out, probs.errors


# ---------------------------------------------------------------- writers

def format_date(d: dt.date) -> str:
    return d.isoformat()


def format_code(span: CodeSpan) -> str:
    parts = [span.code or "---"]
    if span.dated:
        a = format_date(span.start) if span.start else ""
        b = format_date(span.end) if span.end else ""
        parts.append(f"{a} .. {b}".strip())
    text = " ".join(parts)
    return f"{text} | {span.role}" if span.role else text


def _check_name(name: str) -> str:
    if any(c in name for c in "[]|#\n"):
        raise ValueError(f"name {name!r} cannot be written: it contains one of [ ] | #")
    return name


def _header_lines(header: str) -> list[str]:
    """``header`` as comment lines, then a blank line (none for an empty header)."""
    out = [f"# {h}".rstrip() for h in header.splitlines()]
    return out + [""] if out else out


def _entry(name: str, aliases: Iterable[str], fields: Iterable[tuple[str, str | None]]) -> list[str]:
    """The lines of one entry: ``[name]``, its ``alias =`` line when it has aliases, a ``key = value`` line
    for each field whose value is not None, then a blank line."""
    out = [f"[{_check_name(name)}]"]
    if aliases:
        out.append("alias = " + _join_names(aliases))
    out += [f"{key} = {value}" for key, value in fields if value is not None]
    return out + [""]


def _join_names(names: Iterable[str]) -> str:
    return " | ".join(_check_name(a) for a in names)


def write_actors(entries: Iterable[ActorEntry], header: str = "") -> str:
    """The text of an ``*.actors`` file holding ``entries`` (``header`` lines become comments)."""
    out = _header_lines(header)
    for e in entries:
        out += _entry(e.name, e.aliases, [("type", e.type or None), ("country", e.country or None),
                                          *(("code", format_code(s)) for s in e.codes)])
    return "\n".join(out)


def write_agents(entries: Iterable[AgentEntry], header: str = "") -> str:
    out = _header_lines(header)
    for e in entries:
        out += _entry(e.name, e.aliases, [("plural", _join_names(e.plurals) if e.plurals else None),
                                          ("code", e.marker), ("role", e.role or None)])
    return "\n".join(out)


def write_discards(entries: Iterable[DiscardEntry], header: str = "") -> str:
    out = _header_lines(header)
    for e in entries:
        if "#" in e.phrase or "*" in e.phrase:
            raise ValueError(f"discard phrase {e.phrase!r} cannot be written: it contains # or *")
        out.append(("+" if e.story else "") + e.phrase + ("*" if e.stem else ""))
    return "\n".join(out) + "\n"


def write_file(path: str | Path, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")
