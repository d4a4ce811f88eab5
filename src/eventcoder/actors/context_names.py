"""Names from the actor base: find those the ``actors`` stage missed, and date every known name.

A name of the actor base gets the code valid on the article date (Trump: USAGOV in 2019, USAELI in 2023) and
its role on that date (``Mention.role``), which the title check compares with the words in the text.
"""

from __future__ import annotations

from eventcoder.actors.context_base import first_chunk, normalise
from eventcoder.actors.context_state import Context


def _inside_longer_name(ctx: Context, i: int) -> bool:
    """Token ``i`` continues a person's name begun before it: "Maher al-Assad" is not Bashar al-Assad."""
    if ctx.ent_type_ids[i] != ctx.person_id:  # the cheap half of the test first
        return False
    doc = ctx.doc
    if doc[i].ent_iob_ != "I":
        return False
    s = i
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    return any(t.pos_ == "PROPN" and t.text[:1].isupper() and normalise(t.text) not in ctx.tables.role_tokens
               for t in doc[s:i])


def _alias_at(ctx: Context, i: int, limit: int) -> tuple[int, str] | None:
    """Longest actor-base alias starting at token ``i`` (end exclusive, key), honouring capitalisation."""
    doc, base = ctx.doc, ctx.base
    first_text = ctx.texts[i]
    if not (first_text[:1].isupper() or first_text[:1].isdigit()):
        return None
    if first_chunk(normalise(first_text)) not in base.first_chunks:
        return None
    if _inside_longer_name(ctx, i):
        return None
    top = min(limit, ctx.sent_end(i) - i)
    prefixes = base.alias_prefixes
    longest = 0  # the longest span from i whose key can still begin an alias: longer ones are no alias
    while longest < top and ctx.key(i, i + longest + 1) in prefixes:
        longest += 1
    for n in range(longest, 0, -1):
        key = ctx.key(i, i + n)
        if key not in base.by_alias:
            continue
        if key in base.acronyms and not ctx.text(i, i + n).replace(".", "").isupper():
            continue
        nxt = doc[i + n] if i + n < len(doc) else None
        # part of a longer proper name ("Washington Post", "Assad Foundation")? then not this alias
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and n == 1 \
                and nxt.ent_iob_ == "I" and base.lookup(nxt.text) is None:
            continue
        return i + n, key
    return None


def _acronym_at(ctx: Context, i: int) -> tuple[int, str] | None:
    """A case-sensitive acronym ("IS") at ``i``, not inside an all-capitals headline."""
    doc = ctx.doc
    name = ctx.tables.acronyms.get(ctx.texts[i])
    if name is None or normalise(name) not in ctx.base.actors:
        return None
    for j in (i - 1, i + 1):
        if 0 <= j < len(doc) and doc[j].is_alpha and len(doc[j].text) > 1 and doc[j].text.isupper():
            return None
    return i + 1, normalise(name)


def _from_entry(m, actor) -> bool:
    """Did the mention come from this actor-base entry alone (or from no entry at all)? Mentions from other
    dictionaries keep their code (a user's dictionary decides what its names mean), and so do names joined
    with an agent ("Myanmar's military" = Myanmar + military: MMRMIL)."""
    return m.entry is None or "+" not in m.entry and normalise(m.entry) == normalise(actor.name)


def resolve_names(ctx: Context) -> None:
    """Add or re-date mentions of actor-base names."""
    wrong = [m for m in ctx.mentions if m.kind == "name" and _inside_longer_name(ctx, m.start)
             and (a := ctx.actor_of(m)) is not None and a.type == "person"]
    if wrong:
        ctx.remove(wrong, "part of a longer name")
    limit = ctx.base.max_alias_words
    acronyms = ctx.tables.acronyms
    # an alias starts with a capital or a digit, an acronym is its own text: no other token can start a name
    starts = [i for i, w in enumerate(ctx.texts) if w[:1].isupper() or w[:1].isdigit() or w in acronyms]
    nxt = 0  # where the next name may start
    for i in starts:
        if i < nxt:
            continue
        hit = _alias_at(ctx, i, limit)
        actor = ctx.base.by_alias[hit[1]] if hit else None
        if hit is None:
            hit = _acronym_at(ctx, i)
            actor = ctx.base.actors[hit[1]] if hit else None
        if hit is None or actor is None:
            continue
        end = hit[0]
        code, role = actor.code_on(ctx.date), actor.role_on(ctx.date)
        over = ctx.overlapping(i, end)
        same = [m for m in over if m.start == i and m.end == end]
        if same:
            for m in same:  # a mention from this very entry (its canonical name): date it like the base does
                if (m.code != code or m.role != role) and _from_entry(m, actor):
                    ctx.recode(m, code, f"actor base on {ctx.date}", entry=actor.name, role=role)
        elif not over:
            ctx.add(ctx.make(i, end, code, "name", entry=actor.name, role=role), "actor base name")
        else:
            # an existing longer mention containing the name ("President Hassan Rouhani"): date it
            for m in over:
                if m.start <= i and end <= m.end and ctx.actor_of(m) in (None, actor) \
                        and m.kind in ("name", "role", "agent"):
                    if m.code != code and _from_entry(m, actor):
                        ctx.recode(m, code, f"actor base on {ctx.date}", entry=actor.name, role=role)
                    elif m.role is None:
                        m.role = role
        nxt = end
