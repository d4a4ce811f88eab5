"""Pronouns and numbered descriptions within one article.

* "he"/"she"/"his" -> the person mentioned most recently as a clause subject in the same sentence (before
  the pronoun), else the subject of the previous sentence(s); gender from ``female.txt`` when the actor base
  knows the person. Two different candidates and no subject to choose between them: left unresolved.
* "they"/"their" -> the most recent group: a coordination of actors ("Putin, Rouhani and Erdogan"), a set
  resolved earlier, or one plural actor ("U.S. officials"); blocked when a plural noun that is no actor
  ("the talks") stands as subject or object in between.
* "the two men", "the three governments", "those three armed forces" -> a group of exactly that many
  (persons / governments / their militaries), else the last N distinct ones.

A pronoun or description that stands for several actors gets one mention per actor over the same words.
"""

from __future__ import annotations

from collections.abc import Callable

from eventcoder.actors.context_base import normalise
from eventcoder.actors.context_state import SUBJECT_DEPS, Context, clause_subject, country_of
from eventcoder.model import Mention

LOOKBACK_SENTENCES = 2
GROUP_LOOKBACK_SENTENCES = 4
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
BLOCKING_DEPS = frozenset({"dobj"})
COORD = frozenset({",", "and", "or", "&", "as", "well", "both"})


def _conj_root(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _head(ctx: Context, m: Mention):
    return ctx.doc[m.head] if m.head is not None else ctx.doc[m.start:m.end].root


def _distinct(ctx: Context, ms: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        key = ctx.identity(m)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _linked(ctx: Context, a: Mention, b: Mention) -> bool:
    """Are two mentions (a before b) coordinated: same conjunction, or only ',', 'and' and title words between?"""
    if ctx.sent_index(a.start) != ctx.sent_index(b.start):
        return False
    key = ("linked", a.start, a.end, a.head, b.start, b.end, b.head)  # a pure function of the parse
    got = ctx.memo.get(key)
    if got is None:
        got = ctx.memo[key] = _linked_parse(ctx, a, b)
    return got


def _linked_parse(ctx: Context, a: Mention, b: Mention) -> bool:
    if _conj_root(_head(ctx, a)).i == _conj_root(_head(ctx, b)).i:
        return True
    between = ctx.doc[a.end:b.start]
    if not len(between):
        return False
    glue = 0
    for t in between:
        if t.lower_ in COORD:
            glue += 1
        elif not (t.ent_type_ == "NORP" or t.lower_ in ctx.tables.role_tokens or t.text in ("'s", "\u2019s")):
            return False
    return glue > 0


def _groups(ctx: Context, before: int, min_sentence: int = 0) -> list[tuple[int, list[Mention]]]:
    """Groups of actors ending before token ``before``: (position, members), in text order. A group lies in
    one sentence and depends only on the mentions of that sentence, so ``min_sentence`` leaves out the groups
    of earlier sentences without changing the others, and each sentence's groups are worked out once for the
    same mentions (every pronoun asks again for the groups of the sentences before it)."""
    sent_index = ctx.sent_index
    coded = sorted((m for m in ctx.mentions if m.code and m.end <= before and sent_index(m.start) >= min_sentence),
                   key=lambda m: (m.start, m.end))
    by_sentence: dict[int, list[Mention]] = {}
    for m in coded:  # in text order, so sentence by sentence
        by_sentence.setdefault(sent_index(m.start), []).append(m)
    out: list[tuple[int, list[Mention]]] = []
    for ms in by_sentence.values():
        out.extend(_sentence_groups(ctx, ms))
    out.sort(key=lambda g: g[0])  # stable: at one position, chains before spans, as within a sentence
    return out


def _sentence_groups(ctx: Context, coded: list[Mention]) -> list[tuple[int, list[Mention]]]:
    """The groups of one sentence's coded mentions (in text order): coordinated actors (chains) or one plural
    actor, then the actors a pronoun or description stands for."""
    named = [m for m in coded if m.kind not in ("pronoun", "description")]
    out = list(_chain_groups(ctx, named)) if named else []
    by_span: dict[tuple[int, int], list[Mention]] = {}
    for m in coded:
        if m.kind in ("pronoun", "description"):
            by_span.setdefault((m.start, m.end), []).append(m)
    for (start, _end), ms in by_span.items():
        if len(ms) > 1 or _plural(ctx, ms[0]):
            out.append((start, ms))
    return out


def _chain_groups(ctx: Context, named: list[Mention]) -> list[tuple[int, list[Mention]]]:
    """``_chain_groups_of``, remembered for the article: every pronoun asks again for the groups of the
    sentences before it, whose named actors have not changed. The key holds every field the groups depend on;
    the value keeps the mentions alive, so their ids stay theirs."""
    key = ("chains", *[(id(m), m.start, m.end, m.head, m.code, m.kind, m.entry, m.text) for m in named])
    got = ctx.memo.get(key)
    if got is None:
        got = ctx.memo[key] = (_chain_groups_of(ctx, named), named)
    return got[0]


def _chain_groups_of(ctx: Context, named: list[Mention]) -> list[tuple[int, list[Mention]]]:
    out: list[tuple[int, list[Mention]]] = []
    chains: list[list[Mention]] = []
    for m in named:
        for chain in chains:
            if any(_linked(ctx, x, m) for x in chain):
                chain.append(m)
                break
        else:
            chains.append([m])
    for ms in chains:
        members = _distinct(ctx, ms)
        if len({m.code for m in members}) == 1 and not all(ctx.is_person(m) for m in members):
            members = members[-1:]  # "Sochi, Russia": one actor named twice, not a group
        if len(members) > 1:
            out.append((max(m.start for m in members), members))
        elif len(members) == 1 and _plural(ctx, members[0]):
            out.append((members[0].start, members))
    return out


def _plural(ctx: Context, m: Mention) -> bool:
    if m.kind == "pronoun":
        return ctx.tables.pronouns.get(normalise(m.text)) == "group"
    head = _head(ctx, m)
    if m.kind in ("role", "metonym", "description") or ctx.actor_of(m) is not None:
        a = ctx.actor_of(m)
        if a is not None and a.type == "group":
            return True
        return head.tag_ in ("NNS", "NNPS")
    return False


def _blocked(ctx: Context, after: int, before: int) -> bool:
    """A plural non-actor noun between an antecedent and a 'they': as a subject anywhere, as an object in
    the pronoun's own sentence ("the talks ended, and they will resume")."""
    s = ctx.sent_index(before)
    for t in ctx.doc[after:before]:
        if t.tag_ != "NNS" or ctx.covering(t.i):
            continue
        if t.dep_ in SUBJECT_DEPS or t.dep_ in BLOCKING_DEPS and ctx.sent_index(t.i) == s:
            return True
    return False


def _add_for(ctx: Context, start: int, end: int, members: list[Mention], kind: str, why: str,
             recode: Callable[[Mention], str | None] = lambda m: m.code) -> None:
    for a in members:
        code = recode(a)
        same = code == a.code
        m = ctx.make(start, end, code, kind, entry=(a.entry or a.text) if same else None,
                     role=a.role if same else None)
        ctx.add(m, f"{why} -> {a.text}")


def _person_antecedent(ctx: Context, tok) -> Mention | None:
    word = tok.lower_
    s = ctx.sent_index(tok.i)

    def ok(m: Mention) -> bool:
        if not m.code or m.start >= tok.i or not ctx.is_person(m):
            return False
        if m.kind == "pronoun" and len([x for x in ctx.mentions if (x.start, x.end) == (m.start, m.end)]) > 1:
            return False
        fem = ctx.is_female(m)
        return not (word in MALE and fem is True or word in FEMALE and fem is False)

    for back in range(0, LOOKBACK_SENTENCES + 1):
        cands = [m for m in ctx.mentions if ctx.sent_index(m.start) == s - back and ok(m)]
        if not cands:
            continue
        cands.sort(key=lambda m: m.start)
        subjects = [m for m in cands if clause_subject(_head(ctx, m))]
        if back == 0 and subjects:
            return subjects[-1]
        ids = _distinct(ctx, subjects) if subjects else []
        if len(ids) == 1:
            return ids[-1] if back else subjects[-1]
        every = _distinct(ctx, cands)
        return every[0] if len(every) == 1 else None
    return None


def resolve_pronouns_and_groups(ctx: Context) -> None:
    doc, t = ctx.doc, ctx.tables
    strings = doc.vocab.strings
    wanted = {strings.add(w) for w in (*t.pronouns, *t.numbers)}  # only these words can start anything
    for i, lower_id in enumerate(ctx.lower_ids):
        if lower_id not in wanted:
            continue
        tok = doc[i]
        kind = t.pronouns.get(tok.lower_)
        if kind is None and tok.lower_ not in t.numbers or ctx.covering(tok.i):
            continue
        if kind == "person" and tok.pos_ == "PRON":
            ante = _person_antecedent(ctx, tok)
            if ante is not None:
                _add_for(ctx, tok.i, tok.i + 1, [ante], "pronoun", f"{tok.text!r}")
            continue
        if kind == "group" and tok.pos_ == "PRON":
            s = ctx.sent_index(tok.i)
            groups = [g for g in _groups(ctx, tok.i, s - GROUP_LOOKBACK_SENTENCES // 2)
                      if s - GROUP_LOOKBACK_SENTENCES // 2 <= ctx.sent_index(g[0]) <= s]
            if groups:
                pos, members = groups[-1]
                last_end = max(m.end for m in members)
                if not _blocked(ctx, last_end, tok.i):
                    _add_for(ctx, tok.i, tok.i + 1, members, "pronoun", f"{tok.text!r}")
            continue
        n = t.numbers.get(tok.lower_)
        if n is not None:
            _numbered(ctx, tok, n)


def _numbered(ctx: Context, tok, n: int) -> None:
    doc, t = ctx.doc, ctx.tables
    what, end = None, None
    for k in (2, 1):
        if tok.i + 1 + k <= len(doc):
            key = ctx.key(tok.i + 1, tok.i + 1 + k)
            if key in t.groups:
                what, end = t.groups[key], tok.i + 1 + k
                break
    if what is None:
        return
    start = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ in ("the", "those", "these", "all") else tok.i
    over = ctx.overlapping(start, end)
    if any(m.start < start or m.end > end or country_of(m.code) for m in over):
        return  # a real actor is already there
    generic = over  # agents with no country ("men", "governments"): the description replaces them
    s = ctx.sent_index(tok.i)
    lo = s - GROUP_LOOKBACK_SENTENCES

    def fits(m: Mention) -> bool:
        if not m.code or ctx.sent_index(m.start) < lo:
            return False
        if what == "person":
            return ctx.is_person(m)
        if what == "government":  # a government actor, or a country named as such ("Russia, Iran and Turkey")
            return country_of(m.code) is not None and (m.code.endswith("GOV") or len(m.code) == 3)
        if what == "military":
            return country_of(m.code) is not None
        return True

    def recode(m: Mention) -> str | None:
        if what == "military":
            return country_of(m.code) + "MIL"
        if what == "government":
            return country_of(m.code) + "GOV"
        return m.code

    def key(m: Mention) -> str:
        return country_of(m.code) if what in ("government", "military") else ctx.identity(m)

    chosen: list[Mention] | None = None
    for _pos, members in reversed(_groups(ctx, tok.i, lo)):
        if ctx.sent_index(members[0].start) < lo:
            break
        good = [m for m in members if fits(m)]
        uniq = {key(m) for m in good}
        if len(good) == len(members) and len(uniq) == n:
            chosen = list({key(m): m for m in good}.values())
            break
    if chosen is None:
        picked: dict[str, Mention] = {}
        for m in sorted(ctx.mentions, key=lambda m: m.start, reverse=True):
            if m.end <= tok.i and fits(m) and key(m) not in picked:
                picked[key(m)] = m
                if len(picked) == n:
                    break
        if len(picked) == n:
            chosen = list(picked.values())[::-1]
    if chosen:
        ctx.remove(generic, "replaced by a numbered description")
        _add_for(ctx, start, end, chosen, "description", f"{doc[start:end].text!r}", recode=recode)
