"""Find actor mentions in a parsed sentence: longest dictionary matches, agents combined with countries.

Combinations (codes joined with ``AgentEntry.apply``):

* actor then agent, possibly with modifiers between: "Arnorian foreign minister", "Gondor's army",
  "Arnor security officials";
* prefix agents before an actor: "MSF Arnor" (``NGO~``), and both sides: "an MSF Arnor diplomat";
* agent, then "of"/"in"/"from"/"for" (and an optional "the") and one or more actors joined by "and"/",":
  "the foreign minister of Gondor", "lawmakers in Arnor and Gondor" (one mention per actor);
* an agent alone gets the null country ``---``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventcoder.actors.tokens import Tokens, tokens_of
from eventcoder.model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Span

NULL_COUNTRY = "---"
# Words allowed between an actor and the agent it qualifies ("Gondor's main opposition group").
_BETWEEN_TAGS = frozenset({"JJ", "JJR", "JJS", "POS", "RB", "VBN", "HYPH", "NNP", "NN", "NNS", "CC"})
_ADJ_TAGS = frozenset({"JJ", "JJR", "JJS", "VBN"})
_LINK_WORDS = frozenset({"of", "in", "from", "for"})
_MAX_GAP = 4


@dataclass
class Hit:
    kind: str  # "actor" | "agent"
    start: int  # sentence-relative token index
    end: int
    match: Any  # ActorMatch | AgentMatch


def _mixed_case(words: list[str]) -> bool:
    """The text has ordinary capitalisation (some lower-case and some capitalised words), so a lower-case
    word is a common word: not all-caps headlines or lower-cased text, where case says nothing."""
    lower = upper = False
    for w in words:
        if w.isalpha():
            if w.islower():
                lower = True
            elif w[0].isupper():
                upper = True
            if lower and upper:
                return True
    return False


def _names_ok(words: Sequence[str], first_is_stop: bool, start: int, end: int) -> bool:
    """An actor name (a country, person or organisation) is written with a capital: "the foundation",
    "a new order" or "help us" are common words even when a dictionary has "FOUNDATION", "NEW ORDER", "US".
    The capital of a sentence's first word counts only when that word is not a function word ("The")."""
    return any(any(ch.isupper() for ch in words[k]) and not (k == 0 and first_is_stop)
               for k in range(start, end))


def _scan(words: Sequence[str], actors, agents, first_is_stop: bool | None = None) -> list[Hit]:
    """Longest actor/agent matches left to right; ``first_is_stop`` (whether the sentence's first word is a
    stop word) is given when the words are a parsed sentence, whose capitalisation then counts."""
    hits: list[Hit] = []
    pos, n = 0, len(words)  # pos: where the next hit may start
    cased = first_is_stop is not None and _mixed_case(words)
    # bound methods looked up once: this loop runs for every token of the article
    match_actor = actors.match if actors is not None else None
    match_agent = agents.match if agents is not None else None
    for i in range(n):
        if i < pos:
            continue  # inside the previous hit
        a = match_actor(words, i) if match_actor is not None else None
        if a is not None and cased and not _names_ok(words, first_is_stop, i, i + a.length):
            a = None
        g = match_agent(words, i) if match_agent is not None else None
        if a is None and g is None:
            continue
        if a is not None and (g is None or g.length <= a.length):
            best = Hit("actor", i, i + a.length, a)
        else:
            best = Hit("agent", i, i + g.length, g)
        hits.append(best)
        pos = best.end
    return hits


def _gap_ok(sent: _Sent, lo: int, hi: int) -> bool:
    if hi - lo > _MAX_GAP:
        return False
    span = sent.span
    if not all(span[k].tag_ in _BETWEEN_TAGS or span[k].text in ("'s", "'") for k in range(lo, hi)):
        return False
    # a conjunction only between adjectives ("awful and evil minister"), never between two agents
    return all(span[k].tag_ != "CC" or (lo < k < hi - 1 and span[k - 1].tag_ in _ADJ_TAGS
                                        and span[k + 1].tag_ in _ADJ_TAGS) for k in range(lo, hi))


def _adjectival(sent: _Sent, hit: Hit) -> bool:
    """A demonym used as an adjective ("Indian" in "Indian and Chinese troops"), not a noun phrase."""
    last = sent.span[hit.end - 1]
    return last.tag_ in ("JJ", "NNP", "NNPS") and last.ent_type_ == "NORP" or last.tag_ == "JJ"


class _Sent:
    """A sentence: its spaCy Span (attributes read at a few tokens) and the Doc's token tables (texts, heads);
    sentence-relative index ``k`` is Doc index ``off + k``."""

    __slots__ = ("dated", "end", "off", "span", "tk")

    def __init__(self, tk: Tokens, span: Span, dated: dict[tuple[int, Any], tuple] | None = None):
        self.tk, self.span, self.off, self.end = tk, span, span.start, span.end
        self.dated = {} if dated is None else dated  # (id(entry), date) -> (code, role, entry)

    def __len__(self) -> int:
        return self.end - self.off

    def lower(self, k: int) -> str:
        return self.span[k].lower_


def find_mentions(sent: Span, sentence_index: int, date: dt.date | None, actors, agents,
                  start_char_offset: int = 0, words: Sequence[str] | None = None) -> list[Mention]:
    """Mentions in one sentence (a spaCy Span). Token indices in the result are Doc-level. ``words``: the
    sentence's token texts when the caller has them already."""
    return mentions_in(tokens_of(sent.doc), sent, sentence_index, date, actors, agents, start_char_offset, words)


def mentions_in(tk: Tokens, span: Span, sentence_index: int, date: dt.date | None, actors, agents,
                start_char_offset: int = 0, words: Sequence[str] | None = None,
                dated: dict[tuple[int, Any], tuple] | None = None) -> list[Mention]:
    """``find_mentions`` with the Doc's token tables ``tk`` at hand. ``dated``: a dict the caller keeps for
    one article, where the code and role of each actor entry on ``date`` are remembered (an article names the
    same actors again and again)."""
    sent = _Sent(tk, span, dated)
    if words is None:
        words = tk.text[sent.off:sent.end]
    hits = _scan(words, actors, agents, span[0].is_stop if len(span) else False)
    used: set[int] = set()
    groups: list[tuple[int, int, Hit | None, list[Hit], list[Hit]]] = []  # (start, end, actor, prefixes, suffixes)

    for k, h in enumerate(hits):
        if h.kind != "actor" or k in used:
            continue
        used.add(k)
        start, end = h.start, h.end
        prefixes: list[Hit] = []
        j = k - 1
        while j >= 0 and j not in used and hits[j].kind == "agent" and hits[j].match.prefix \
                and _gap_ok(sent, hits[j].end, start):
            prefixes.insert(0, hits[j])
            used.add(j)
            start = hits[j].start
            j -= 1
        suffixes: list[Hit] = []
        j = k + 1
        while j < len(hits) and hits[j].kind == "agent" and _gap_ok(sent, end, hits[j].start):
            suffixes.append(hits[j])
            used.add(j)
            end = hits[j].end
            j += 1
        groups.append((start, end, h, prefixes, suffixes))

    # agent + of/in/from + actor(s): "the foreign minister of Gondor", "lawmakers in Arnor and Gondor"
    for k, h in enumerate(hits):
        if h.kind != "agent" or k in used:
            continue
        linked: list[Hit] = []
        pos = h.end
        # also "lawmakers and officials in Arnor": collect agents joined by "and"
        agents_here = [h]
        j = k + 1
        while j < len(hits) and hits[j].kind == "agent" and j not in used \
                and all(sent.lower(x) in ("and", ",") for x in range(pos, hits[j].start)) and hits[j].start > pos:
            agents_here.append(hits[j])
            pos = hits[j].end
            j += 1
        if pos < len(sent) and sent.lower(pos) in _LINK_WORDS:
            q = pos + 1
            if q < len(sent) and sent.lower(q) == "the":
                q += 1
            while j < len(hits) and hits[j].kind == "actor" and hits[j].start == q:
                linked.append(hits[j])
                q = hits[j].end
                while q < len(sent) and sent.lower(q) in ("and", ",", "the"):
                    q += 1
                j += 1
        if linked:
            for a in agents_here:
                used.add(hits.index(a))
            for n_act, act in enumerate(linked):
                idx = hits.index(act)
                groups[:] = [g for g in groups if g[2] is not act]  # the plain group made for this actor
                used.add(idx)
                for a in agents_here:
                    start = a.start if n_act == 0 and len(agents_here) == 1 else act.start
                    groups.append((start, act.end, act, [a] if a.match.prefix else [],
                                   [] if a.match.prefix else [a]))
        else:
            for a in agents_here:
                used.add(hits.index(a))
                groups.append((a.start, a.end, None, [a] if a.match.prefix else [], [] if a.match.prefix else [a]))

    # an agent coordinated with an actor+agent phrase shares its country: "Danish media and government"
    groups.sort(key=lambda g: (g[0], g[1]))
    for n_g in range(1, len(groups)):
        start, end, actor, prefixes, suffixes = groups[n_g]
        p_start, p_end, p_actor, p_pre, p_suf = groups[n_g - 1]
        if actor is None and p_actor is not None and (p_pre or p_suf) and end > start \
                and 0 < start - p_end <= 2 and all(sent.lower(x) in ("and", ",") for x in range(p_end, start)):
            groups[n_g] = (start, end, p_actor, prefixes, suffixes)

    # coordinated demonyms share the agent that follows the last one: "Indian and Chinese troops",
    # "American, British and French officials" (each country gets the agent)
    for n_g in range(len(groups) - 2, -1, -1):
        start, end, actor, prefixes, suffixes = groups[n_g]
        n_start, n_end, n_actor, n_pre, n_suf = groups[n_g + 1]
        if actor is None or prefixes or suffixes or n_actor is None or not n_suf \
                or n_suf[0].start < n_actor.end or not _adjectival(sent, actor):
            continue
        between = [sent.lower(x) for x in range(end, n_start)]
        if between and all(w in ("and", ",", "or") for w in between):
            groups[n_g] = (start, end, actor, [], list(n_suf))

    out: list[Mention] = []
    for start, end, actor, prefixes, suffixes in sorted(groups, key=lambda g: (g[0], g[1])):
        out.append(_mention(sent, sentence_index, date, start, end, actor, prefixes, suffixes, start_char_offset))
    return out


def _mention(sent: _Sent, sentence_index: int, date: dt.date | None, start: int, end: int, actor: Hit | None,
             prefixes: list[Hit], suffixes: list[Hit], offset: int) -> Mention:
    if actor is not None:
        match = actor.match
        key = (id(match.entry), date)
        got = sent.dated.get(key)
        if got is None:  # the entry is kept in the value, so its id stays its own
            got = sent.dated[key] = (match.code_at(date), match.role_at(date), match.entry)
        base, role, _entry = got
        entry = match.entry.name
    else:
        base, entry, role = NULL_COUNTRY, None, None
    code = base
    if base is not None:
        for g in suffixes:
            if not code.endswith(g.match.code):  # "White House security officials": USAGOV, not USAGOVGOV
                code = g.match.apply(code)
        for g in reversed(prefixes):
            if not code.startswith(g.match.code):
                code = g.match.apply(code)
    agent_names = [g.match.entry.name for g in prefixes + suffixes]
    if agent_names:
        entry = "+".join(([entry] if entry else []) + agent_names)
        role = role or next((g.match.entry.role for g in suffixes if g.match.entry.role), None)
    # head: the agent when it follows the actor ("Gondor's army"), else the actor ("minister of Gondor")
    if actor is not None and not (suffixes and suffixes[-1].start >= actor.end) and actor.start >= start:
        core = (actor.start, actor.end)
    else:
        core = (start, end)
    tk, off = sent.tk, sent.off
    head = tk.root(off + core[0], off + core[1])
    d_start, d_end = off + start, off + end
    kind = "name" if actor is not None and not agent_names else "agent"
    return Mention(text=tk.span_text(d_start, d_end), code=code, start=d_start, end=d_end,
                   span=(tk.start_char[d_start] + offset, tk.end_char[d_end - 1] + offset),
                   sentence_index=sentence_index, kind=kind, entry=entry, head=head, role=role)
