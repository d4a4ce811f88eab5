"""Readers for the PETRARCH actor, agent and discard dictionaries.

Each ``read_*`` returns ``(entries, errors)`` and never raises for content problems (only for an unreadable
file); ``load_*`` wrappers in ``eventcoder.dictionaries`` raise ``DictionaryError`` listing every error.

Conventions (see docs/dictionaries.md):

* ``#`` starts a comment (outside ``[...]``), in actor files ``;`` too; ``<!-- ... -->`` lines/blocks are comments.
* ``_`` joins words; blanks also separate consecutive words (we do not allow gaps between words).
* A phrase that does not end with ``_`` also matches its regular plural (``ISRAELI`` -> ``ISRAELIS``).
* Dates are ``YYMMDD`` or ``YYYYMMDD``; a two-digit year ``00``-``30`` is 2000-2030, ``31``-``99`` 1931-1999.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from eventcoder.dictionaries.actors import ActorEntry, CodeSpan
from eventcoder.dictionaries.agents import AgentEntry
from eventcoder.dictionaries.common import (
    NULL_CODES,
    Problem,
    Problems,
    content_lines,
    display_name,
    pieces,
    plural_phrase,
    read_lines,
)
from eventcoder.dictionaries.discards import DiscardEntry

YEAR_PIVOT = 30  # two-digit years <= 30 are 20yy, others 19yy

_CODE = r"[A-Za-z0-9/+\-#]+"
_RESTRICTION = re.compile(
    rf"^\s*(?P<code>{_CODE})?\s*(?:(?P<op>[<>])\s*(?P<d1>\S+)|(?P<a>\d\S*?)\s*-\s*(?P<b>\d\S*))?\s*$")
_SPECIAL_CODES = frozenset({"---", "+++", "###"})
_PRIMARY = re.compile(r"^(?P<phrase>[^\[\]{}]*?)\s*(?P<codes>(?:\[[^\[\]]*\]\s*)*)$")
_GROUPS = re.compile(r"^(?:\s*\[[^\[\]]*\])+\s*$")
_GROUP = re.compile(r"\[([^\[\]]*)\]")


def parse_date(text: str) -> dt.date:
    """``YYMMDD`` or ``YYYYMMDD`` -> date; raises ValueError with a readable message."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"bad date {text!r}: use YYMMDD or YYYYMMDD")
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= YEAR_PIVOT else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"bad date {text!r}: no such day") from None


def norm_code(code: str) -> str | None:
    code = code.strip().upper()
    return None if code in NULL_CODES else code


def parse_restriction(text: str) -> CodeSpan:
    """The inside of ``[CODE]``, ``[CODE <date]``, ``[CODE >date]`` or ``[CODE date-date]``."""
    m = _RESTRICTION.match(text)
    if not m:
        raise ValueError(f"cannot read code [{text.strip()}]: use [CODE], [CODE <date], [CODE >date] "
                         "or [CODE date-date]")
    if m["code"] is None or not (re.search("[A-Za-z]", m["code"]) or m["code"] in _SPECIAL_CODES):
        raise ValueError(f"missing code in [{text.strip()}]")
    code = norm_code(m["code"])
    if m["op"] == "<":
        return CodeSpan(code, None, parse_date(m["d1"]))
    if m["op"] == ">":
        return CodeSpan(code, parse_date(m["d1"]), None)
    if m["a"]:
        start, end = parse_date(m["a"]), parse_date(m["b"])
        if end < start:
            raise ValueError(f"date range ends before it starts: [{text.strip()}]")
        return CodeSpan(code, start, end)
    return CodeSpan(code)


def _phrase_forms(phrase: str) -> list[str]:
    """The phrase (``_`` dropped at the end) plus its regular plural unless it ends with ``_``."""
    base = phrase.strip()
    if base.endswith("_"):
        return [display_name(base.rstrip("_"))]
    return [display_name(base), display_name(plural_phrase(base))]


def _unique(names: list[str], skip: set[tuple[str, ...]]) -> tuple[str, ...]:
    out = []
    for n in names:
        k = pieces(n)
        if k and k not in skip:
            skip.add(k)
            out.append(n)
    return tuple(out)


class _ActorBuilder:
    def __init__(self, phrase: str, line: int, path: str):
        self.phrase = phrase
        self.line = line
        self.path = path
        self.synonyms: list[str] = []
        self.codes: list[CodeSpan] = []

    def build(self) -> ActorEntry:
        forms = _phrase_forms(self.phrase)
        name = forms[0]
        seen = {pieces(name)}
        more = forms[1:]
        for s in self.synonyms:
            more.extend(_phrase_forms(s))
        return ActorEntry(name, _unique(more, seen), tuple(self.codes), path=self.path, line=self.line)


def _add_codes(cur: _ActorBuilder, text: str, line: int, probs: Problems) -> None:
    """Add every ``[...]`` group of ``text`` (several may share a line) as a code restriction."""
    for group in _GROUP.findall(text):
        try:
            cur.codes.append(parse_restriction(group))
        except ValueError as e:
            probs.add(line, str(e))


def read_petrarch_actors(path: str | Path) -> tuple[list[ActorEntry], list[Problem]]:
    """Read a PETRARCH actor dictionary (``Phoenix.*.actors.txt``, ``PETR*actors*``)."""
    probs = Problems(path)
    entries: list[ActorEntry] = []
    cur: _ActorBuilder | None = None
    for n, _raw, content in content_lines(read_lines(path), "#;"):
        text = content.strip()
        if text.startswith("+"):
            syn = text[1:].strip()
            if cur is None:
                probs.add(n, f"synonym {text!r} comes before any actor")
            elif not syn or "[" in syn or "]" in syn or "{" in syn:
                probs.add(n, f"bad synonym {text!r}: write +PHRASE on its own line")
            else:
                cur.synonyms.append(syn)
        elif text.startswith("["):
            if cur is None:
                probs.add(n, f"code {text!r} comes before any actor")
                continue
            if not _GROUPS.match(text):
                probs.add(n, f"bad code line {text!r}: use [CODE], [CODE <date], [CODE >date] or "
                             "[CODE date-date]")
                continue
            _add_codes(cur, text, n, probs)
        else:
            m = _PRIMARY.match(text)
            if not m or not m["phrase"].strip("_ "):
                probs.add(n, f"cannot read actor line {text!r}: expected PHRASE [CODE]")
                continue
            if cur is not None:
                entries.append(cur.build())
            cur = _ActorBuilder(m["phrase"], n, str(path))
            _add_codes(cur, m["codes"], n, probs)
    if cur is not None:
        entries.append(cur.build())
    return entries, probs.errors


# ---------------------------------------------------------------- agents

_SUBST = re.compile(r"^\s*(?P<name>![A-Za-z0-9_]+!)\s*=\s*(?P<items>.*)$")
_AGENT = re.compile(r"^(?P<phrase>[^\[\]{}]+?)\s*(?:\{(?P<plurals>[^{}]*)\})?\s*\[(?P<code>[^\]]*)\]\s*$")
_MARKER = re.compile(r"![A-Za-z0-9_]+!")


def parse_agent_code(text: str) -> tuple[str, bool]:
    """``~GOV`` -> ("GOV", False); ``NGO~`` -> ("NGO", True). Raises ValueError otherwise."""
    t = text.strip().replace(" ", "").upper()
    if t.startswith("~") and len(t) > 1 and "~" not in t[1:]:
        return t[1:], False
    if t.endswith("~") and len(t) > 1 and "~" not in t[:-1]:
        return t[:-1], True
    raise ValueError(f"bad agent code [{text.strip()}]: use [~CODE] (after the actor code) or [CODE~] (before)")


def read_petrarch_agents(path: str | Path) -> tuple[list[AgentEntry], list[Problem]]:
    """Read a PETRARCH agent dictionary: ``PHRASE {PLURALS} [~CODE]`` lines and ``!SUBST! = A, B`` macros."""
    probs = Problems(path)
    entries: list[AgentEntry] = []
    subst: dict[str, list[str]] = {}
    for n, _raw, content in content_lines(read_lines(path)):
        text = content.strip()
        m = _SUBST.match(text)
        if m:
            items = [x.strip() for x in m["items"].split(",") if x.strip()]
            if not items:
                probs.add(n, f"substitution {m['name']} has no items")
            subst[m["name"].upper()] = items
            continue
        m = _AGENT.match(text)
        if not m:
            probs.add(n, f"cannot read agent line {text!r}: expected PHRASE {{PLURALS}} [~CODE]")
            continue
        try:
            code, prefix = parse_agent_code(m["code"])
        except ValueError as e:
            probs.add(n, str(e))
            continue
        phrase = m["phrase"].strip()
        markers = _MARKER.findall(phrase)
        if markers:
            unknown = [k for k in markers if k.upper() not in subst]
            if unknown:
                probs.add(n, f"undefined substitution {unknown[0]} (define it first: {unknown[0]} = A, B)")
                continue
            variants = [phrase]
            for k in dict.fromkeys(markers):
                variants = [v.replace(k, item) for v in variants for item in subst[k.upper()]]
            names = [display_name(v.rstrip("_")) for v in variants]
            seen: set[tuple[str, ...]] = set()
            names = list(_unique(names, seen))
            entries.append(AgentEntry(names[0], code, prefix, aliases=tuple(names[1:]), path=str(path), line=n))
            continue
        name = display_name(phrase.rstrip("_"))
        if m["plurals"] is not None:
            plurals = [display_name(p.rstrip("_")) for p in m["plurals"].split()]
        elif phrase.endswith("_"):
            plurals = []
        else:
            plurals = [display_name(plural_phrase(phrase))]
        seen = {pieces(name)}
        entries.append(AgentEntry(name, code, prefix, plurals=_unique(plurals, seen), path=str(path), line=n))
    return entries, probs.errors


# ---------------------------------------------------------------- discards

def read_petrarch_discards(path: str | Path) -> tuple[list[DiscardEntry], list[Problem]]:
    """Read a PETRARCH discard list: one phrase a line; ``+`` = story level; no final ``_`` = stem."""
    probs = Problems(path)
    entries: list[DiscardEntry] = []
    for n, _raw, content in content_lines(read_lines(path)):
        text = content.strip()
        story = text.startswith("+")
        if story:
            text = text[1:].strip()
        if any(c in text for c in "[]{}"):
            probs.add(n, f"bad discard phrase {text!r}: a discard line is a plain phrase")
            continue
        stem = not text.endswith("_")
        phrase = " ".join(text.rstrip("_").replace("_", " ").split()).lower()
        if not pieces(phrase):
            probs.add(n, f"empty discard phrase {content.strip()!r}")
            continue
        entries.append(DiscardEntry(phrase, story=story, stem=stem, path=str(path), line=n))
    return entries, probs.errors
