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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


def _names_ok(sent: Span, start: int, end: int) -> bool:
    """An actor name (a country, person or organisation) is written with a capital: "the foundation",
    "a new order" or "help us" are common words even when a dictionary has "FOUNDATION", "NEW ORDER", "US".
    The capital of a sentence's first word counts only when that word is not a function word ("The")."""
    return any(any(ch.isupper() for ch in sent[k].text) and not (k == 0 and sent[k].is_stop)
               for k in range(start, end))


def _scan(words: list[str], actors, agents, sent: Span | None = None) -> list[Hit]:
    hits: list[Hit] = []
    i, n = 0, len(words)
    cased = sent is not None and _mixed_case(words)
    while i < n:
        a = actors.match(words, i) if actors is not None else None
        if a is not None and cased and not _names_ok(sent, i, i + a.length):
            a = None
        g = agents.match(words, i) if agents is not None else None
        best: Hit | None = None
        if a is not None:
            best = Hit("actor", i, i + a.length, a)
        if g is not None and (best is None or g.length > best.end - best.start):
            best = Hit("agent", i, i + g.length, g)
        if best is None:
            i += 1
            continue
        hits.append(best)
        i = best.end
    return hits


def _gap_ok(sent: Span, lo: int, hi: int) -> bool:
    if hi - lo > _MAX_GAP:
        return False
    if not all(sent[k].tag_ in _BETWEEN_TAGS or sent[k].text in ("'s", "'") for k in range(lo, hi)):
        return False
    # a conjunction only between adjectives ("awful and evil minister"), never between two agents
    return all(sent[k].tag_ != "CC" or (lo < k < hi - 1 and sent[k - 1].tag_ in _ADJ_TAGS
                                        and sent[k + 1].tag_ in _ADJ_TAGS) for k in range(lo, hi))


def _adjectival(sent: Span, hit: Hit) -> bool:
    """A demonym used as an adjective ("Indian" in "Indian and Chinese troops"), not a noun phrase."""
    last = sent[hit.end - 1]
    return last.tag_ in ("JJ", "NNP", "NNPS") and last.ent_type_ == "NORP" or last.tag_ == "JJ"


def find_mentions(sent: Span, sentence_index: int, date: dt.date | None, actors, agents,
                  start_char_offset: int = 0, words: list[str] | None = None) -> list[Mention]:
    """Mentions in one sentence (a spaCy Span). Token indices in the result are Doc-level. ``words``: the
    sentence's token texts when the caller has them already."""
    if words is None:
        words = [t.text for t in sent]
    hits = _scan(words, actors, agents, sent)
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
                and all(sent[x].lower_ in ("and", ",") for x in range(pos, hits[j].start)) and hits[j].start > pos:
            agents_here.append(hits[j])
            pos = hits[j].end
            j += 1
        if pos < len(sent) and sent[pos].lower_ in _LINK_WORDS:
            q = pos + 1
            if q < len(sent) and sent[q].lower_ == "the":
                q += 1
            while j < len(hits) and hits[j].kind == "actor" and hits[j].start == q:
                linked.append(hits[j])
                q = hits[j].end
                while q < len(sent) and sent[q].lower_ in ("and", ",", "the"):
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
                and 0 < start - p_end <= 2 and all(sent[x].lower_ in ("and", ",") for x in range(p_end, start)):
            groups[n_g] = (start, end, p_actor, prefixes, suffixes)

    # coordinated demonyms share the agent that follows the last one: "Indian and Chinese troops",
    # "American, British and French officials" (each country gets the agent)
    for n_g in range(len(groups) - 2, -1, -1):
        start, end, actor, prefixes, suffixes = groups[n_g]
        n_start, n_end, n_actor, n_pre, n_suf = groups[n_g + 1]
        if actor is None or prefixes or suffixes or n_actor is None or not n_suf \
                or n_suf[0].start < n_actor.end or not _adjectival(sent, actor):
            continue
        between = [sent[x].lower_ for x in range(end, n_start)]
        if between and all(w in ("and", ",", "or") for w in between):
            groups[n_g] = (start, end, actor, [], list(n_suf))

    out: list[Mention] = []
    for start, end, actor, prefixes, suffixes in sorted(groups, key=lambda g: (g[0], g[1])):
        out.append(_mention(sent, sentence_index, date, start, end, actor, prefixes, suffixes, start_char_offset))
    return out


def _mention(sent: Span, sentence_index: int, date: dt.date | None, start: int, end: int, actor: Hit | None,
             prefixes: list[Hit], suffixes: list[Hit], offset: int) -> Mention:
    if actor is not None:
        base = actor.match.code_at(date)
        entry = actor.match.entry.name
        role = actor.match.role_at(date)
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
    head = sent[core[0]:core[1]].root.i
    span = sent[start:end]
    kind = "name" if actor is not None and not agent_names else "agent"
    return Mention(text=span.text, code=code, start=span.start, end=span.end,
                   span=(span.start_char + offset, span.end_char + offset), sentence_index=sentence_index,
                   kind=kind, entry=entry, head=head, role=role)
