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

from eventcoder.docarrays import DocArrays, doc_arrays

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
    return _is_head(doc_arrays(tok.doc), tok.i)


def clause_head(tok: Token) -> Token:
    return tok.doc[_head_of(doc_arrays(tok.doc), tok.i)]


def clause_tokens(doc: Doc, head: Token) -> list[int]:
    sent = head.sent
    a = doc_arrays(doc)
    return [i for i in range(sent.start, sent.end) if _head_of(a, i) == head.i]


# The parse is read from the Doc's token arrays (``eventcoder.docarrays``, shared with the coder, which
# has built them by the time the places and dates stages run): each ``Token.head`` / ``.children`` / ``.dep_``
# access would build a new Token object, and clause heads are looked up for every token of a sentence.

def _is_head(a: DocArrays, i: int) -> bool:
    dep = a.dep[i]
    if dep == "ROOT" or a.head[i] == i:
        return True
    if dep in CLAUSE_DEPS:
        return a.pos[i] in VERBAL or dep in NON_VERBAL_CLAUSE_DEPS
    return dep == "conj" and a.pos[i] in VERBAL


def _head_of(a: DocArrays, i: int) -> int:
    seen = 0
    while not _is_head(a, i) and seen < 100:
        i = a.head[i]
        seen += 1
    return i


def _has_subject(a: DocArrays, i: int) -> bool:
    return any(a.dep[c] in {"nsubj", "nsubjpass", "csubj", "expl"} for c in a.children[i])


def _inherits(a: DocArrays, head: int) -> bool:
    """True when this clause takes place/time from the clause it depends on."""
    dep = a.dep[head]
    if dep == "conj":
        return True
    if dep == "xcomp":
        return True
    if dep == "advcl":
        is_infinitive = any(a.dep[c] == "aux" and a.lower[c] == "to" for c in a.children[head])
        return is_infinitive and not _has_subject(a, head)
    return False


def _is_temporal(a: DocArrays, head: int) -> bool:
    return a.dep[head] == "advcl" and any(
        a.dep[c] in {"mark", "advmod"} and a.lower[c] in TEMPORAL_MARKERS and c < head for c in a.children[head])


def doc_cache(doc: Doc) -> dict:
    """The per-document cache the functions below take, kept on the Doc: the stages that read clauses
    (places, dates) share sentence bounds, entities and clause heads instead of each computing them."""
    got = doc.user_data.get("eventcoder_clauses")
    if got is None:
        got = doc.user_data["eventcoder_clauses"] = {}
    return got


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
    a = doc_arrays(doc)
    head = _head_of(a, trigger_i)
    chain = [head]
    cur = head
    for _ in range(MAX_UP):
        if not _inherits(a, cur) or a.head[cur] == cur:
            break
        cur = _head_of(a, a.head[cur])
        chain.append(cur)
    if cache is None:
        sent = doc[head].sent
        heads = {i: _head_of(a, i) for i in range(sent.start, sent.end)}  # one pass over the sentence
    else:
        starts, ends = sentence_bounds(doc, cache)
        key = ("clause_heads", starts[head])
        heads = cache.get(key)
        if heads is None:
            heads = cache[key] = {i: _head_of(a, i) for i in range(starts[head], ends[head])}

    def members(h: int) -> list[int]:
        if cache is None:
            return [i for i, hi in heads.items() if hi == h]
        got = cache.get(("clause_members", h))
        if got is None:
            got = cache[("clause_members", h)] = [i for i, hi in heads.items() if hi == h]
        return list(got)

    out: list[list[int]] = [members(h) for h in chain]
    for h in chain:
        for child in a.children[h]:
            if _is_temporal(a, child):
                out.append(members(child))
    return out
