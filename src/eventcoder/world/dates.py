"""Event dates: ``resolve`` turns a time expression into an ``EventDate``; the ``dates`` stage dates events.

``resolve("last January", date(2017, 11, 28))`` -> ``EventDate("2017-01", "month", "text", "last January")``.
The rules (patterns, vocabulary) are in ``data/world/dates.json``; each rule names a handler in ``HANDLERS``.
Relative expressions need the article date; absolute ones ("May 3, 2016", "in 2014") do not. Expressions no
rule knows and that carry a digit go to ``dateparser`` (absolute formats such as "03/05/2016").

The stage (rule also in docs/world.md): an event's date comes from a time expression in its own clause (spaCy
DATE/TIME entities and the ``search`` patterns, attached to the trigger's clause or to the clauses it inherits
from, see ``eventcoder.world.clause``); else the article date (source "article"); else unknown. It also lists
every time expression of the article, events or not, in ``ArticleDoc.times`` (``find_article_times``; stage
option ``article_times``).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from eventcoder.model import Event, EventDate, TimeMention
from eventcoder.registry import Registry, stages
from eventcoder.world.clause import clause_head, doc_cache, ents_in, scopes, sentence_bounds, sentence_of
from eventcoder.world.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from eventcoder.pipeline import ArticleDoc, Resources

__all__ = ["resolve", "find_expressions", "DateRules", "make_dates_stage"]

UNKNOWN_PRECISION = "unknown"


# -- rules ---------------------------------------------------------------------------------------------------
@dataclass
class DateRules:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int | None]
    units: dict[str, str]
    strip_prefixes: list[str]
    rules: list[tuple[re.Pattern[str], dict[str, Any]]]
    search: list[re.Pattern[str]]
    future_markers: frozenset[str]
    # a word every ``search`` pattern needs (month, weekday, year, "ago", "week", ...): one cheap pass over a
    # sentence that has none saves running every pattern on it (None: always run them)
    anchor: re.Pattern[str] | None = None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> DateRules:
        def alt(words) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        subs = {
            "MONTH": alt(raw["months"]) + r")\.?(?:",
            "WEEKDAY": alt(raw["weekdays"]),
            "NUM": alt(raw["numbers"]) + r"|\d+",
            "UNIT": alt(raw["units"]),
            "YEAR": r"1[5-9]\d\d|20\d\d",
            "DAY": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
        }

        def expand(pattern: str) -> str:
            for name, value in subs.items():
                pattern = pattern.replace("{" + name + "}", f"(?:{value})")
            return pattern

        rules = []
        for rule in raw["rules"]:
            opts = {k: v for k, v in rule.items() if k != "pattern"}
            if opts["handler"] not in HANDLERS:
                raise ValueError(f"dates.json: unknown handler {opts['handler']!r}")
            rules.append((re.compile(expand(rule["pattern"])), opts))
        prefixes = sorted(raw["strip_prefixes"], key=len, reverse=True)
        anchor_words = raw.get("search_anchors")
        anchor = None
        if anchor_words:
            anchor = re.compile(r"\b(?:" + alt([*raw["months"], *raw["weekdays"], *anchor_words]) + "|"
                                + subs["YEAR"] + ")", re.IGNORECASE)
        return cls(raw["months"], raw["weekdays"], raw["numbers"], raw["units"], prefixes, rules,
                   [re.compile(expand(p), re.IGNORECASE) for p in raw["search"]],
                   frozenset(raw.get("future_markers", ())), anchor)


@functools.lru_cache(maxsize=1)
def default_rules() -> DateRules:
    path = resources.files("eventcoder") / "data" / "world" / "dates.json"
    return DateRules.from_dict(json.loads(path.read_text(encoding="utf-8")))


# -- calendar helpers ----------------------------------------------------------------------------------------
def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _day(d: dt.date) -> tuple[str, str]:
    return d.isoformat(), "day"


def _week(d: dt.date) -> tuple[str, str]:
    return _monday(d).isoformat(), "week"


def _month(year: int, month: int) -> tuple[str, str]:
    return f"{year:04d}-{month:02d}", "month"


def _year(year: int) -> tuple[str, str]:
    return f"{year:04d}", "year"


# -- handlers: (match, options, article_date, future, rules) -> (value, precision) | None -----------------------
Handler = Callable[[re.Match[str], dict[str, Any], dt.date | None, bool, DateRules], tuple[str, str] | None]
HANDLERS: Registry = Registry("date handler")


def _mon(rules: DateRules, word: str) -> int:
    return rules.months[word.rstrip(".")]


def _relative(unit: str, n: int, ref: dt.date) -> tuple[str, str]:
    if unit == "day":
        return _day(ref + dt.timedelta(days=n))
    if unit in ("week", "fortnight"):
        return _week(ref + dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        return _month(*_add_months(ref.year, ref.month, n))
    return _year(ref.year + n)


@HANDLERS.register("offset")
def _h_offset(m, opts, ref, future, rules):
    return None if ref is None else _relative(opts["unit"], int(opts["n"]), ref)


@HANDLERS.register("relative")
def _h_relative(m, opts, ref, future, rules):
    return None if ref is None else _relative(rules.units[m["unit"]], int(opts["n"]), ref)


@HANDLERS.register("ago")
def _h_ago(m, opts, ref, future, rules):
    raw = m["n"]
    n = int(raw) if raw.isdigit() else rules.numbers.get(raw)
    if ref is None or n is None:
        return None
    return _relative(rules.units[m["unit"]], -n, ref)


@HANDLERS.register("weekend")
def _h_weekend(m, opts, ref, future, rules):
    if ref is None:
        return None
    n = int(opts["n"])
    if n == 0:  # the weekend of the article's week: the past one, or for the future the coming one
        sat = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
        if future and sat < ref:
            sat += dt.timedelta(weeks=1)
    else:
        sat = ref - dt.timedelta(days=(ref.weekday() - 5) % 7 or 7) if n < 0 else \
            ref + dt.timedelta(days=(5 - ref.weekday()) % 7 or 7)
        if n > 0 and (sat - ref).days < 2:
            sat += dt.timedelta(weeks=1)
    return _week(sat)


@HANDLERS.register("month_before")
def _h_month_before(m, opts, ref, future, rules):
    if ref is None:
        return None
    month = _mon(rules, m["month"])
    return _month(ref.year if month < ref.month else ref.year - 1, month)


@HANDLERS.register("month_after")
def _h_month_after(m, opts, ref, future, rules):
    if ref is None:
        return None
    month = _mon(rules, m["month"])
    return _month(ref.year if month > ref.month else ref.year + 1, month)


@HANDLERS.register("month_tense")
def _h_month_tense(m, opts, ref, future, rules):
    """A bare month: the latest one on or before the article month (past), the next on or after (future)."""
    if ref is None:
        return None
    month = _mon(rules, m["month"])
    if future:
        return _month(ref.year if month >= ref.month else ref.year + 1, month)
    return _month(ref.year if month <= ref.month else ref.year - 1, month)


@HANDLERS.register("month_year")
def _h_month_year(m, opts, ref, future, rules):
    return _month(int(m["year"]), _mon(rules, m["month"]))


@HANDLERS.register("day_month")
def _h_day_month(m, opts, ref, future, rules):
    groups = m.groupdict()
    month = int(groups["month_num"]) if groups.get("month_num") else _mon(rules, groups["month"])
    day = int(re.sub(r"\D", "", groups["day"]))
    if groups.get("year"):
        year = int(groups["year"])
    elif ref is None:
        return None
    else:
        year = ref.year
    if not 1 <= month <= 12 or day > calendar.monthrange(year, month)[1]:
        return None
    d = dt.date(year, month, day)
    if not groups.get("year") and ref is not None:
        if not future and d > ref + dt.timedelta(days=7):
            d = d.replace(year=year - 1) if day <= calendar.monthrange(year - 1, month)[1] else d
        elif future and d < ref - dt.timedelta(days=7):
            d = d.replace(year=year + 1) if day <= calendar.monthrange(year + 1, month)[1] else d
    return _day(d)


@HANDLERS.register("year")
def _h_year(m, opts, ref, future, rules):
    return _year(int(m["year"]))


@HANDLERS.register("weekday")
def _h_weekday(m, opts, ref, future, rules):
    """ "on Tuesday": the latest one on or before the article date (past) or the next one after it (future);
    "last Tuesday": the latest one strictly before; "next Tuesday": the next one strictly after."""
    if ref is None:
        return None
    wd = rules.weekdays[m["weekday"]]
    n = int(opts["n"])
    back = (ref.weekday() - wd) % 7
    if n < 0:
        return _day(ref - dt.timedelta(days=back or 7))
    if n > 0 or future:
        return _day(ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7))
    return _day(ref - dt.timedelta(days=back))


# -- resolve -------------------------------------------------------------------------------------------------
_SPACES = re.compile(r"\s+")
# What is handed to dateparser: numeric dates such as "03/05/2016" or "5.3.2016".
_ABSOLUTE = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}$")


def _clean(expression: str, rules: DateRules) -> str:
    text = _SPACES.sub(" ", expression.lower().replace("\u2019", "'")).strip(" .,;:()")
    changed = True
    while changed:
        changed = False
        for p in rules.strip_prefixes:
            if text.startswith(p + " ") or (p.endswith("-") and text.startswith(p)):
                text = text[len(p):].lstrip(" -")
                changed = True
    return text


def _warm_dateparser() -> None:
    """Import dateparser once per process (stage factory), not inside the first article that needs it."""
    try:
        import dateparser.date  # noqa: F401
    except ImportError:  # pragma: no cover - dependency missing
        pass


def _dateparser(text: str, ref: dt.date | None) -> tuple[str, str] | None:
    """dateparser's reading of ``text`` against ``ref``; cached when there is a ``ref`` (without one,
    dateparser reads relative words against today)."""
    return _dateparser_on(text, ref) if ref is not None else _dateparser_read(text, ref)


@functools.lru_cache(maxsize=4096)
def _dateparser_on(text: str, ref: dt.date) -> tuple[str, str] | None:
    return _dateparser_read(text, ref)


def _dateparser_read(text: str, ref: dt.date | None) -> tuple[str, str] | None:
    try:
        from dateparser.date import DateDataParser
    except ImportError:  # pragma: no cover - dependency missing
        return None
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": False}
    if ref is not None:
        settings["RELATIVE_BASE"] = dt.datetime(ref.year, ref.month, ref.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return _year(d.year)
    if period == "month":
        return _month(d.year, d.month)
    if period == "week":
        return _week(d)
    return _day(d)


def resolve(expression: str, article_date: dt.date | None, future: bool = False,
            rules: DateRules | None = None) -> EventDate:
    """Resolve a time expression against the article date.

    Returns ``EventDate(value, precision, "text", expression)``; when the expression cannot be resolved
    (unknown words, or a relative expression without an article date) ``value`` is None and ``precision``
    "unknown". ``future`` chooses the next rather than the last occurrence of bare weekdays and months.
    """
    if rules is None or rules is default_rules():  # the same expressions recur within and across articles
        return dataclasses.replace(_resolve_default(expression, article_date, future))
    return _resolve(expression, article_date, future, rules)


@functools.lru_cache(maxsize=8192)
def _resolve_default(expression: str, article_date: dt.date | None, future: bool) -> EventDate:
    return _resolve(expression, article_date, future, default_rules())


def _resolve(expression: str, article_date: dt.date | None, future: bool, rules: DateRules) -> EventDate:
    text = _clean(expression, rules)
    result: tuple[str, str] | None = None
    for pattern, opts in rules.rules:
        m = pattern.match(text)
        if m:
            result = HANDLERS.get(opts["handler"])(m, opts, article_date, future, rules)
            if result is not None:
                break
    if result is None and _ABSOLUTE.match(text):
        result = _dateparser(text, article_date)
    if result is None:
        return EventDate(None, UNKNOWN_PRECISION, "unknown", text=expression)
    return EventDate(result[0], result[1], "text", text=expression)


# -- finding expressions in a parsed sentence ----------------------------------------------------------------
@dataclass
class Expression:
    start: int  # Doc token range
    end: int
    text: str


def _capitalised_names_ok(text: str, rules: DateRules) -> bool:
    """Month and weekday names must be capitalised in the text ("they may meet" is not May)."""
    for word in re.findall(r"[A-Za-z]+", text):
        low = word.lower()
        if (low in rules.months or low in rules.weekdays) and not word[0].isupper():
            return False
    return True


def find_expressions(doc: Doc, sent_start: int, sent_end: int, rules: DateRules | None = None,
                     cache: dict | None = None) -> list[Expression]:
    """Time expressions in the sentence doc[sent_start:sent_end]: DATE/TIME entities and search patterns.
    Overlapping finds are merged into the longest. ``cache``: a dict kept for the document."""
    rules = rules or default_rules()
    found: list[tuple[int, int]] = []
    for ent in ents_in(doc, sent_start, sent_end, cache):
        if ent.label_ in ("DATE", "TIME"):
            found.append((ent.start, ent.end))
    last = doc[sent_end - 1]
    base, end_char = doc[sent_start].idx, last.idx + len(last.text)
    if cache is not None:  # the document's text, read once (``Span.text`` joins the sentence's tokens)
        full = cache.get("doc_text")
        if full is None:
            full = cache["doc_text"] = doc_text(doc)
        text = full[base:end_char]
    else:
        text = doc[sent_start:sent_end].text
    search = rules.search if rules.anchor is None or rules.anchor.search(text) else ()
    for pattern in search:
        for m in pattern.finditer(text):
            if not _capitalised_names_ok(m.group(0), rules):
                continue
            span = doc.char_span(base + m.start(), base + m.end(), alignment_mode="expand")
            if span is not None:
                found.append((span.start, span.end))
    found.sort(key=lambda r: (r[0], -r[1]))
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s < merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
            continue
        merged.append((s, e))
    return [Expression(s, e, doc[s:e].text) for s, e in merged]


def is_future(doc: Doc, event: Event, rules: DateRules | None = None) -> bool:
    """The event is announced for the future: its ``future`` flag or a "will"/"shall" auxiliary on its clause."""
    if event.future:
        return True
    if event.trigger_i is None:
        return False
    rules = rules or default_rules()
    trigger = doc[event.trigger_i]
    return _future_aux(clause_head(trigger), rules) or _future_aux(trigger, rules)


def date_event(doc: Doc, event: Event, article_date: dt.date | None, rules: DateRules | None = None,
               cache: dict[int, list[Expression]] | None = None, clause_cache: dict | None = None
               ) -> EventDate:
    """The date of one event: a resolved expression of its clause, else the article date, else unknown.
    ``cache`` (sentence start -> expressions) saves re-scanning a sentence with several events;
    ``clause_cache`` (any dict kept for one document) saves recomputing its clauses and phrase heads."""
    rules = rules or default_rules()
    if event.trigger_i is not None:
        sent = sentence_of(doc, event.trigger_i, clause_cache)
        exprs = cache.get(sent.start) if cache is not None else None
        if exprs is None:
            exprs = find_expressions(doc, sent.start, sent.end, rules, clause_cache)
            if cache is not None:
                cache[sent.start] = exprs
        if exprs:
            future = is_future(doc, event, rules)
            roots = _roots(doc, exprs, clause_cache)
            for scope in scopes(doc, event.trigger_i, clause_cache):
                scope_set = set(scope)
                inside = [x for x, root in zip(exprs, roots, strict=True) if root in scope_set]
                inside.sort(key=lambda x: min(abs(x.start - event.trigger_i), abs(x.end - 1 - event.trigger_i)))
                for x in inside:
                    resolved = resolve(x.text, article_date, future=future, rules=rules)
                    if resolved.value is not None:
                        return resolved
    return EventDate.from_article(article_date)


def _roots(doc: Doc, exprs: list[Expression], cache: dict | None) -> list[int]:
    """Token index of the syntactic head of each expression (cached per document when ``cache`` is given)."""
    if cache is None:
        return [doc[x.start:x.end].root.i for x in exprs]
    out = []
    for x in exprs:
        key = ("expression_root", x.start, x.end)
        got = cache.get(key)
        if got is None:
            got = cache[key] = doc[x.start:x.end].root.i
        out.append(got)
    return out


def find_article_times(adoc: ArticleDoc, rules: DateRules, cache: dict[int, list[Expression]],
                       clause_cache: dict) -> list[TimeMention]:
    """Every time expression of the article, resolved against the article date, in text order, including
    those in sentences with no event ("Peace talks began in Geneva in 2014"). Fills ``cache`` (sentence
    start -> expressions) for ``date_event``, so dating the events scans no sentence twice."""
    doc = adoc.doc
    starts, ends = sentence_bounds(doc, clause_cache)
    out: list[TimeMention] = []
    k = i = 0
    while i < len(doc):
        sent_start, sent_end = starts[i], ends[i]
        exprs = cache.get(sent_start)
        if exprs is None:
            exprs = cache[sent_start] = find_expressions(doc, sent_start, sent_end, rules, clause_cache)
        if exprs:
            roots = _roots(doc, exprs, clause_cache)
            for x, root in zip(exprs, roots, strict=True):
                date = resolve(x.text, adoc.date, future=_future_clause(doc, root, rules), rules=rules)
                last = doc[x.end - 1]
                out.append(TimeMention(f"{adoc.article.id}:{k}", x.text,
                                       (doc[x.start].idx, last.idx + len(last.text)), date))
        k += 1
        i = sent_end
    return out


def _future_clause(doc: Doc, i: int, rules: DateRules) -> bool:
    """The clause of token ``i`` has a future auxiliary ("Talks will resume ... this week")."""
    return _future_aux(clause_head(doc[i]), rules)


def _future_aux(tok: Token, rules: DateRules) -> bool:
    """``tok`` has a "will"/"shall" auxiliary."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in rules.future_markers for c in tok.children)


@stages.register("dates")
def make_dates_stage(resources: Resources, article_times: bool = True, **config: Any
                     ) -> Callable[[ArticleDoc], None]:
    """Fill ``Event.date`` (module docstring has the rule) and, with ``article_times``, ``ArticleDoc.times``
    with every time expression of the article."""
    rules = default_rules()
    _warm_dateparser()

    def run(adoc: ArticleDoc) -> None:
        cache: dict[int, list[Expression]] = {}
        clause_cache = doc_cache(adoc.doc)  # shared with the places stage: sentences, entities, clause heads
        if "doc_text" not in clause_cache:
            clause_cache["doc_text"] = doc_text(adoc.doc, adoc.article.text)
        if article_times:
            adoc.times = find_article_times(adoc, rules, cache, clause_cache)
        for event in adoc.events:
            event.date = date_event(adoc.doc, event, adoc.date, rules, cache, clause_cache)
            adoc.note("dates", event=event.trigger, date=event.date.value, precision=event.date.precision,
                      source=event.date.source, text=event.date.text)

    return run
