"""Which tokens belong to an event's clause (shared by the places and dates stages).

A clause is headed by a verb (or the sentence root) whose dependency label starts a clause (ROOT, ccomp,
xcomp, advcl, relcl, acl, csubj, parataxis, or a verb ``conj``); every other token belongs to the clause of its
nearest such ancestor. ``scopes`` gives the token sets to search for an event, best first:

1. the trigger's own clause;
2. the clauses it inherits from: a controlled or purpose infinitive ("flew to Moscow *to meet* Putin",
   "sought *to work* with Moscow") or a conjoined verb ("met ... and *signed*") shares the place and time of
   the clause it hangs on (followed upwards, at most three levels);
3. temporal subordinate clauses ("*When* he met Trump ... in Vietnam, the two men issued ...") of those clauses.

Nothing outside the trigger's sentence is ever searched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis",
                         "pcomp"})
VERBAL = frozenset({"VERB", "AUX"})
NON_VERBAL_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis"})
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj"})
TEMPORAL_MARKERS = frozenset({"when", "as", "while", "whilst", "once"})
MAX_UP = 3


def is_clause_head(tok: Token) -> bool:
    if tok.dep_ == "ROOT" or tok.head.i == tok.i:
        return True
    if tok.dep_ in CLAUSE_DEPS:
        return tok.pos_ in VERBAL or tok.dep_ in NON_VERBAL_CLAUSE_DEPS
    return tok.dep_ == "conj" and tok.pos_ in VERBAL


def clause_head(tok: Token) -> Token:
    seen = 0
    while not is_clause_head(tok) and seen < 100:
        tok = tok.head
        seen += 1
    return tok


def clause_tokens(doc: Doc, head: Token) -> list[int]:
    sent = head.sent
    return [t.i for t in sent if clause_head(t).i == head.i]


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} for c in tok.children)


def _inherits(head: Token) -> bool:
    """True when this clause takes place/time from the clause it depends on."""
    if head.dep_ == "conj":
        return True
    if head.dep_ == "xcomp":
        return True
    if head.dep_ == "advcl":
        is_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
        return is_infinitive and not _has_subject(head)
    return False


def _is_temporal(head: Token) -> bool:
    return head.dep_ == "advcl" and any(
        c.dep_ in {"mark", "advmod"} and c.lower_ in TEMPORAL_MARKERS and c.i < head.i for c in head.children)


def sentence_bounds(doc: Doc, cache: dict) -> tuple[list[int], list[int]]:
    """Per token, the start and end of its sentence (``doc[i].sent``, which walks the tokens on every call),
    computed once per document and kept in ``cache``."""
    got = cache.get("sentence_bounds")
    if got is None:
        starts, ends = [0] * len(doc), [0] * len(doc)
        for s in doc.sents:
            a, b = s.start, s.end
            starts[a:b] = [a] * (b - a)
            ends[a:b] = [b] * (b - a)
        got = cache["sentence_bounds"] = (starts, ends)
    return got


def ents_in(doc: Doc, start: int, end: int, cache: dict | None) -> list[Span]:
    """``doc[start:end].ents`` (every call of which rebuilds all ``doc.ents``), with the document's entities
    read once and kept in ``cache`` when one is given."""
    if cache is None:
        return list(doc[start:end].ents)
    ents = cache.get("ents")
    if ents is None:
        ents = cache["ents"] = tuple(doc.ents)
    out = []
    for ent in ents:  # the same walk as spaCy's Span.ents
        if ent.start >= start:
            if ent.end <= end:
                out.append(ent)
            else:
                break
    return out


def sentence_of(doc: Doc, i: int, cache: dict | None) -> Span:
    """``doc[i].sent``, through the per-document ``cache`` when one is given."""
    if cache is None:
        return doc[i].sent
    starts, ends = sentence_bounds(doc, cache)
    return doc[starts[i]:ends[i]]


def scopes(doc: Doc, trigger_i: int, cache: dict | None = None) -> list[list[int]]:
    """Token index lists to search for the event at ``trigger_i``, best first (see module docstring).

    ``cache``: a dict kept for one document (e.g. per article in a stage) so that the clause heads of a
    sentence are computed once for all its events."""
    head = clause_head(doc[trigger_i])
    chain = [head]
    cur = head
    for _ in range(MAX_UP):
        if not _inherits(cur) or cur.head.i == cur.i:
            break
        cur = clause_head(cur.head)
        chain.append(cur)
    if cache is None:
        heads = {t.i: clause_head(t).i for t in head.sent}  # one pass over the sentence
    else:
        starts, ends = sentence_bounds(doc, cache)
        key = ("clause_heads", starts[head.i])
        heads = cache.get(key)
        if heads is None:
            heads = cache[key] = {t.i: clause_head(t).i for t in doc[starts[head.i]:ends[head.i]]}

    def members(h: Token) -> list[int]:
        if cache is None:
            return [i for i, hi in heads.items() if hi == h.i]
        got = cache.get(("clause_members", h.i))
        if got is None:
            got = cache[("clause_members", h.i)] = [i for i, hi in heads.items() if hi == h.i]
        return list(got)

    out: list[list[int]] = [members(h) for h in chain]
    for h in chain:
        for child in h.children:
            if _is_temporal(child):
                out.append(members(child))
    return out
