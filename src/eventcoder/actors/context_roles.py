"""Role phrases, definite descriptions of one person, and the title check.

* "Russian forces", "U.S. officials", "the Syrian army", "Iran's foreign minister" -> country + sector
  (RUSMIL, USAGOV, SYRMIL, IRNGOV) from ``demonyms.tsv`` (+ ``countrynames``) and ``roles.tsv``.
* "Turkish President Recep Tayyip Erdogan": the title merges into the name; an unknown name gets the role
  phrase's code (TURGOV).
* "the Russian leader", "the Iranian president": the person of that country and role mentioned earlier in
  the article, else the only holder of that role in the actor base on the article date.
* Title check: a title next to a known name that contradicts the actor base's role on the article date keeps
  the actor base's code and adds a warning to the mention.
"""

from __future__ import annotations

import functools

from eventcoder.actors.context_base import Actor, normalise
from eventcoder.actors.context_state import Context, country_of
from eventcoder.actors.context_tables import RoleWord

MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


@functools.lru_cache(maxsize=4096)
def countrynames_iso3(text: str) -> str | None:
    try:
        import countrynames
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return countrynames.to_code_3(text, fuzzy=False)


def demonym_at(ctx: Context, i: int) -> tuple[int, str] | None:
    """A demonym or possessive country name starting at token ``i``: (end, ISO3)."""
    doc, t = ctx.doc, ctx.tables
    if not ctx.texts[i][:1].isupper():
        return None
    if normalise(ctx.texts[i]) not in t.demonym_prefixes and ctx.ent_type_ids[i] not in _norp_gpe(doc):
        return None  # no table demonym starts here and no NORP/GPE reading: None, as the full check gives
    if i > 0 and (ctx.lower(i - 1) in ("-", "pro", "anti") or ctx.texts[i - 1].endswith("-")):
        return None  # "pro-Iranian", "anti-American"
    sent_end = ctx.sent_end(i)
    for n in range(min(t.demonym_max_words, sent_end - i, _longest_prefix(ctx, i, t.demonym_prefixes)), 0, -1):
        key = ctx.key(i, i + n)
        if key in t.demonyms and key not in t.capitals:
            end = i + n
            return (end, t.demonyms[key]) if not _hyphen_after(ctx, end) else None
    tok = doc[i]
    key = normalise(tok.text)
    if key in t.capitals or ctx.base.lookup(tok.text) is not None and ctx.base.lookup(tok.text).type == "person":
        return None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if tok.ent_type_ == "NORP":
        iso = countrynames_iso3(tok.text)
        if iso and not _hyphen_after(ctx, i + 1):
            return i + 1, iso
    if tok.ent_type_ == "GPE" and nxt is not None and nxt.text in ("'s", "\u2019s"):
        iso = countrynames_iso3(tok.text)
        if iso:
            return i + 2, iso
    return None


def _longest_prefix(ctx: Context, i: int, prefixes: frozenset[str]) -> int:
    """The most tokens from ``i`` whose key is a prefix of some table key. The key of a longer span begins with
    the key of a shorter one, so no span longer than this is a table key."""
    n, end = 0, len(ctx.texts)
    while i + n < end and ctx.key(i, i + n + 1) in prefixes:
        n += 1
    return n


def _norp_gpe(doc) -> tuple[int, int]:
    strings = doc.vocab.strings
    return strings["NORP"], strings["GPE"]


def _demonym_raw(ctx: Context, i: int) -> tuple[int, str] | None:
    """A demonym from the table at ``i`` whatever surrounds it."""
    t = ctx.tables
    for n in range(t.demonym_max_words, 0, -1):
        key = ctx.key(i, i + n)
        if i + n <= len(ctx.texts) and key in t.demonyms:
            return i + n, t.demonyms[key]
    return None


def _hyphen_after(ctx: Context, end: int) -> bool:
    return end < len(ctx.texts) and ctx.texts[end] in ("-", "\u2013")


def role_at(ctx: Context, j: int, allow_adjectives: bool = True) -> tuple[int, RoleWord] | None:
    """The longest role phrase starting at ``j``; adjectives may precede a group word ('special forces')."""
    doc = ctx.doc
    sent_end = ctx.sent_end(j) if j < len(doc) else j
    hit = _role_here(ctx, j, sent_end)
    if hit is not None or not allow_adjectives:
        return hit
    k = j
    while k < sent_end and doc[k].tag_ == "JJ":
        k += 1
    hit = _role_here(ctx, k, sent_end) if k > j else None
    return hit if hit is not None and not hit[1].person else None


def _role_here(ctx: Context, k: int, sent_end: int) -> tuple[int, RoleWord] | None:
    t = ctx.tables
    top = min(t.role_max_words, sent_end - k)
    if top >= 1 and ctx.key(k, k + 1) not in t.role_prefixes:
        # every longer key, and the lemma key of every longer span, begins with this word's key: only the
        # one-word lemma key ("ministers" -> "minister") can still be a role phrase
        top = 1
    for n in range(top, 0, -1):
        rw = t.roles.get(ctx.key(k, k + n))
        if rw is None:  # plural or inflected last word: "ministers" -> lemma "minister"
            rw = t.roles.get(ctx.lemma_key(k, k + n))
        if rw is not None:
            return k + n, rw
    return None


def _name_after(ctx: Context, k: int) -> tuple[int, list] | None:
    """Proper-name tokens from ``k`` (a person's name after a title): (end, mentions starting at k)."""
    doc = ctx.doc
    if k >= len(doc) or doc[k].pos_ != "PROPN" or not doc[k].text[:1].isupper():
        return None
    existing = [m for m in ctx.mentions if m.start == k]
    if existing:
        return max(m.end for m in existing), existing
    end = k
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
            and ctx.sent_start(end) == ctx.sent_start(k):
        end += 1
    if doc[end - 1].ent_type_ != "PERSON" and doc[k].ent_type_ != "PERSON":
        return None
    return end, []


def resolve_role_phrases(ctx: Context) -> None:
    doc = ctx.doc
    nxt = 0  # where the next phrase may start
    for i in ctx.capitalised:  # demonym_at's first test, without the call
        if i < nxt:
            continue
        dem = demonym_at(ctx, i)
        if dem is None:
            continue
        dem_end, iso = dem
        if dem_end < len(doc) and doc[dem_end].text in ("'s", "\u2019s"):
            dem_end += 1  # "Myanmar's military"
        hit = role_at(ctx, dem_end) if dem_end < len(doc) else None
        if hit is None:
            nxt = dem_end
            continue
        role_end, rw = hit
        last = doc[role_end - 1]
        if last.dep_ in MODIFIER_DEPS and last.head.i >= role_end and last.head.pos_ == "NOUN" \
                and normalise(last.head.text) not in ctx.tables.roles:
            nxt = role_end  # "Russian military base": the role word modifies something else
            continue
        if last.dep_ == "attr" or last.dep_ == "appos" and ctx.covering(last.head.i):
            nxt = role_end  # "became U.S. president", "Rouhani, Iran's president,": not a new actor
            continue
        code = iso + rw.sector
        name = _name_after(ctx, role_end) if rw.person else None
        if name is not None:
            name_end, existing = name
            if existing:
                ctx.remove([m for m in ctx.inside(i, role_end)], "title absorbed into the name")
            else:
                _place(ctx, i, name_end, code, "role", rw, head=name_end - 1)
            nxt = name_end
            continue
        det = doc[i - 1] if i > 0 else None
        singular = last.tag_ not in ("NNS", "NNPS")
        if det is not None and det.lower_ == "the" and rw.person and singular and rw.role:
            person = describe(ctx, iso, rw, i)
            if person is not None:
                m = _place(ctx, i - 1, role_end, person.code_on(ctx.date) or code, "description", rw,
                           entry=person.name)
                if m is not None:
                    m.role = person.role_on(ctx.date) or rw.role
                nxt = role_end
                continue
        _place(ctx, i, role_end, code, "role", rw)
        nxt = role_end


def _place(ctx: Context, start: int, end: int, code: str, kind: str, rw: RoleWord, head: int | None = None,
           entry: str | None = None):
    over = ctx.overlapping(start, end)
    if any(m.start < start or m.end > end for m in over):
        return None  # crosses another mention: leave it
    for m in over:
        if m.start == start and m.end == end and country_of(m.code) == code[:3] and len(m.code or "") > 3:
            return None  # the actors stage already coded this phrase as specifically
    ctx.remove(over, f"inside role phrase {ctx.doc[start:end].text!r}")
    return ctx.add(ctx.make(start, end, code, kind, entry=entry, role=rw.role, head=head),
                   "role phrase" if kind == "role" else "definite description")


def describe(ctx: Context, iso: str, rw: RoleWord, before: int) -> Actor | None:
    """The person a definite description ('the Iranian president') points to, or None when unsure."""
    leader_roles = ctx.tables.classes.get("leader_role", [])
    wanted = set(leader_roles) if rw.role == "leader" else {rw.role}
    seen: list[Actor] = []
    for m in sorted(ctx.mentions, key=lambda m: m.start, reverse=True):
        if m.start >= before:
            continue
        a = ctx.actor_of(m)
        if a is None or a.type != "person" or a.country != iso:
            continue
        held = a.roles_on(ctx.date) | ({m.role} if m.role else set())
        if held & wanted:
            seen.append(a)
            break
    if seen:
        return seen[0]
    holders = ctx.base.holders(iso, wanted, ctx.date)
    if rw.role == "leader" and len(holders) > 1:
        for role in leader_roles:  # a single head of state of the highest rank, if only one
            top = [a for a in holders if role in a.roles_on(ctx.date)]
            if top:
                return top[0] if len(top) == 1 and role in ("supreme leader", "king", "emir", "sultan") else None
    return holders[0] if len(holders) == 1 else None


# -- title check ------------------------------------------------------------------------------------------

def _name_start(ctx: Context, m, actor: Actor) -> int:
    for k in range(m.start, m.end):
        if ctx.key(k, m.end) in ctx.base.by_alias:
            return k
    return m.start


def _title_before(ctx: Context, k: int) -> tuple[int, RoleWord] | None:
    doc, t = ctx.doc, ctx.tables
    lo = ctx.sent_start(k) if k < len(doc) else k
    for n in range(min(t.role_max_words, k - lo), 0, -1):
        rw = t.roles.get(ctx.key(k - n, k))
        if rw is not None and rw.role and rw.person:
            return k - n, rw
    return None


def _demonym_before(ctx: Context, k: int) -> str | None:
    for n in (3, 2, 1):
        s = k - n
        if s >= 0:
            dem = demonym_at(ctx, s)
            if dem is not None and dem[0] == k:
                return dem[1]
    return None


def check_titles(ctx: Context) -> None:
    """Warn where a title next to a known name contradicts the actor base on the article date."""
    if ctx.date is None:
        return
    doc = ctx.doc
    for m in list(ctx.mentions):
        if m.kind in ("pronoun", "description", "metonym"):
            continue
        actor = ctx.actor_of(m)
        if actor is None or actor.type != "person" or not actor.spans:
            continue
        k = _name_start(ctx, m, actor)
        found = _title_before(ctx, k)
        if found is None:
            continue
        t_start, rw = found
        words = {normalise(w.text).strip("-") for w in doc[max(t_start - 3, ctx.sent_start(k)):t_start]}
        words |= {normalise(w.text) for w in doc[t_start:k]}
        if words & ctx.tables.words("not_now"):
            continue
        title = doc[t_start:k].text
        iso = _demonym_before(ctx, t_start)
        msg = title_warning(actor, rw.role, title, iso, ctx)
        if msg and msg not in m.warnings:
            m.warnings.append(msg)
            ctx.notes.append({"action": "warn", "text": m.text, "warning": msg})


def title_warning(actor: Actor, title_role: str | None, title: str, iso: str | None, ctx: Context) -> str | None:
    date = ctx.date
    if iso and actor.country and iso != actor.country:
        return f"title {title!r} contradicts actor base: {actor.name} is from {actor.country}, not {iso}"
    if not title_role or title_role == "leader":
        return None
    held = actor.roles_on(date)
    if title_role in held:
        return None
    if held:
        return f"title {title!r} contradicts actor base: {actor.name} was {' and '.join(sorted(held))} " \
               f"on {date.isoformat()}"
    if title_role in actor.roles():
        return None  # a former holder addressed by the title
    return f"title {title!r} contradicts actor base: {actor.name} held no such office on {date.isoformat()}"


def resolve_proxies(ctx: Context) -> None:
    """"pro-Russian rebels", "Iranian-backed militias", "Turkish-held areas": the country named is not the
    actor, so a mention that codes the phrase with that country is removed (left to the coder as unknown)."""
    texts, lower = ctx.texts, ctx.lower
    n_tokens = len(texts)
    prefixes, suffixes = ctx.tables.words("proxy_prefix"), ctx.tables.words("proxy_suffix")
    gone = []
    for m in ctx.mentions:
        if m.kind in ("pronoun", "description") or country_of(m.code) is None:
            continue
        first = m.start
        prefixed = first >= 2 and texts[first - 1] in ("-", "\u2013") and lower(first - 2) in prefixes \
            or first >= 1 and lower(first - 1).rstrip("-") in prefixes and texts[first - 1].endswith("-")
        dem = _demonym_raw(ctx, first)
        end = dem[0] if dem else (first + 1 if prefixed else m.end)
        suffixed = end + 1 < n_tokens and texts[end] in ("-", "\u2013") \
            and lower(end + 1) in suffixes and end + 1 < m.end + 2
        # "an anti-Gondor parade": a bare country after pro-/anti- may be the target; "pro-Russian rebels" is not
        if suffixed or prefixed and m.end > end:
            gone.append(m)
    if gone:
        ctx.remove(gone, "names a sponsor or sympathy, not the actor (pro-X, X-backed)")
