"""The ``places`` stage: where each event happened, from its own clause, geocoded with the offline gazetteer.

Rule (documented in docs/world.md): an event's location is a toponym in its own clause (see
``eventcoder.world.clause``), found, in this order:

1. a locative phrase attached to the clause's words: "met *in Sochi*, Russia", "talks *in Geneva*",
   "at the APEC meeting *in Vietnam*", "a cease-fire *for Idlib*" (``for``/``over`` only after a noun), the
   destination of a motion verb ("flew *to Moscow*"), the object of a visit ("visited *Kabul*");
   a common noun in such a phrase is followed to its own place ("in the city *of Aleppo*");
   (from a clause the trigger only inherits from, only phrases on that clause's verb count);
2. otherwise a GPE/LOC/FAC entity of the clause that is not a subject, object, modifier or the object of a
   non-locative preposition ("from", "with", "against", ...).

A toponym that is the event's source, or its target outside a locative phrase ("Washington sought",
"criticised Beijing"), is never its place; a target inside one is ("a cease-fire *for Idlib*" coded with
Idlib as the target still happens in Idlib). Locative phrases on the source ("Separatists *in eastern
Ukraine* accused") and on institutional actors ("the government *in Tripoli*") describe the actor, not the
event, and are skipped. When the clause (and the clauses it inherits from) has no toponym,
``Event.location`` stays None: no place is borrowed from another sentence. Countries of the event's actors,
of the sentence and of the article break ties between homonyms of comparable size.

The stage also lists every place the article names, events or not, in ``ArticleDoc.places``
(``PlaceFinder.article_places``; stage option ``article_places``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from eventcoder.docarrays import DocArrays, doc_arrays
from eventcoder.model import Event, Mention, Place, PlaceMention
from eventcoder.registry import stages
from eventcoder.world.clause import doc_cache, ents_in, scopes, sentence_bounds
from eventcoder.world.doctext import doc_text
from eventcoder.world.gazetteer import QUALIFIER_BONUS, Gazetteer
from eventcoder.world.names import normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventcoder.pipeline import ArticleDoc, Resources

__all__ = ["Gazetteer", "PlaceFinder", "make_places_stage"]


ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd", "npadvmod", "dative"})
STRICT_MIN_POPULATION = 100_000
HYPHENS = frozenset({"-", "\u2010", "\u2011"})


@functools.lru_cache(maxsize=1)
def locative_rules() -> dict[str, frozenset[str]]:
    path = resources.files("eventcoder") / "data" / "world" / "locatives.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


@dataclass
class _Found:
    start: int  # token range of the toponym
    end: int
    qualifier: tuple[int, int] | None
    rank: tuple[int, int]  # (how it was found, distance to the trigger): lower is better
    strict: bool = False  # a name labelled PERSON: accept only a well-known place
    locative: bool = True  # found in a locative phrase (False: a bare entity of the clause)


class PlaceFinder:
    """Finds and geocodes the location of events in a parsed article."""

    def __init__(self, gazetteer: Gazetteer, min_population: int = 0):
        self.gaz = gazetteer
        self.rules = locative_rules()
        self.min_population = min_population
        self._doc: Doc | None = None  # the document of the per-document caches below
        self._text = ""
        self._clauses: dict = {}

    def _sent_ents(self, tok: Token) -> tuple[Span, ...]:
        """``tok.sent.ents``, computed once per sentence of the current document."""
        self._for_doc(tok.doc)
        starts, ends = sentence_bounds(tok.doc, self._clauses)
        key = ("sentence_ents", starts[tok.i])
        got = self._clauses.get(key)
        if got is None:
            got = self._clauses[key] = tuple(ents_in(tok.doc, starts[tok.i], ends[tok.i], self._clauses))
        return got

    def sentence_start(self, doc: Doc, i: int) -> int:
        """``doc[i].sent.start`` (from per-document sentence bounds)."""
        self._for_doc(doc)
        return sentence_bounds(doc, self._clauses)[0][i]

    def _for_doc(self, doc: Doc, text: str | None = None) -> None:
        """Per-document caches: ``Doc.text`` joins every token, so read it once per document, not per place
        (``text``: the text the doc was parsed from, which saves even that)."""
        if doc is not self._doc:
            self._doc, self._text, self._clauses = doc, doc_text(doc, text), doc_cache(doc)

    # -- hints -----------------------------------------------------------------------------------------------
    def country_hints(self, doc: Doc) -> tuple[set[str], dict[int, set[str]]]:
        """Countries named in the article (GPE entities, demonyms) and per sentence (keyed by sentence start)."""
        article: set[str] = set()
        per_sentence: dict[int, set[str]] = {}
        self._for_doc(doc)
        sent_start = sentence_bounds(doc, self._clauses)[0]
        for ent in doc.ents:
            if ent.label_ == "GPE":
                iso3 = self.gaz.country_of(ent.text)
            elif ent.label_ == "NORP":
                iso3 = self.demonym_country(ent.text)
            else:
                continue
            if iso3:
                article.add(iso3)
                per_sentence.setdefault(sent_start[ent.start], set()).add(iso3)
        return article, per_sentence

    def demonym_country(self, word: str) -> str | None:
        """ "Lebanese" -> LBN: the one country whose name starts with the word less a demonym suffix."""
        key = normalize(word)
        if " " in key:
            return None
        for suffix in self.rules["demonym_suffixes"]:
            if key.endswith(suffix) and len(key) - len(suffix) >= 4:
                iso3 = self.gaz.country_by_prefix(key[: len(key) - len(suffix)])
                if iso3:
                    return iso3
        return None

    def event_hints(self, doc: Doc, event: Event) -> set[str]:
        """Countries of the event's own actors: their codes, and demonyms in them ("Lebanese officials")."""
        out: set[str] = set()
        for m in (event.source, event.target):
            if m is None:
                continue
            if m.code and len(m.code) >= 3 and self.gaz.country(m.code[:3]) is not None:
                out.add(m.code[:3])
            for i in range(max(m.start, 0), min(m.end, len(doc))):
                for tok in [doc[i], *doc[i].children]:
                    if tok.ent_type_ == "NORP" or (tok.dep_ == "amod" and tok.pos_ in ("ADJ", "PROPN")):
                        iso3 = self.demonym_country(tok.text)
                        if iso3:
                            out.add(iso3)
        return out

    def mention_hints(self, adoc: ArticleDoc) -> dict[str, set[str]]:
        """Countries of the actors coded in each sentence (the first three letters of a code, when a country)."""
        out: dict[str, set[str]] = {}
        for m in adoc.mentions:
            if m.code and len(m.code) >= 3 and self.gaz.country(m.code[:3]) is not None:
                sid = f"{adoc.article.id}:{m.sentence_index}"
                out.setdefault(sid, set()).add(m.code[:3])
        return out

    # -- search ----------------------------------------------------------------------------------------------
    def _span_of(self, tok: Token, allow_person: bool = False) -> tuple[int, int] | None:
        """Token range of the proper name at ``tok`` (its entity, or its chain of proper-noun compounds).
        ``allow_person``: the small model often labels a town PERSON ("in Dakar"); accept it as a name."""
        ent_label = tok.ent_type_
        if ent_label in self.rules["not_place_labels"] and not (allow_person and ent_label == "PERSON"):
            return None
        if ent_label and ent_label not in self.rules["unreliable_labels"] and ent_label != "PERSON":
            for ent in self._sent_ents(tok):
                if ent.start <= tok.i < ent.end:
                    start = ent.start + (1 if tok.doc[ent.start].lower_ == "the" else 0)
                    return start, ent.end
        if tok.pos_ != "PROPN":
            return None
        doc = tok.doc
        self._for_doc(doc)
        sent_start = sentence_bounds(doc, self._clauses)[0][tok.i]
        start = tok.i
        while start > sent_start:
            prev = doc[start - 1]
            if prev.dep_ == "compound" and prev.pos_ == "PROPN" and prev.head.i == tok.i:
                start -= 1
            elif prev.text in HYPHENS and not prev.whitespace_ and start - 2 >= sent_start and \
                    not doc[start - 2].whitespace_ and doc[start - 2].pos_ == "PROPN":
                start -= 2  # "Al-Ula", "Stanytsia-Luhanska"
            else:
                break
        return start, tok.i + 1

    def _qualifier(self, tok: Token) -> tuple[int, int] | None:
        """ "Sochi, Russia": an apposition or conjunct after the name that is a country or region."""
        for child in tok.children:
            if child.dep_ in {"appos", "npadvmod", "conj"} and child.i > tok.i and child.pos_ == "PROPN":
                span = self._span_of(child)
                if span and tok.doc[span[0] - 1].text == ",":
                    return span
        return None

    def _from_object(self, obj: Token, how: int, out: list[_Found], trigger_i: int, depth: int = 0) -> None:
        """A prepositional or direct object: a toponym itself, or a common noun leading to one."""
        allow_person = how == 0 and depth == 0
        span = self._span_of(obj, allow_person=allow_person)
        if span:
            out.append(_Found(span[0], span[1], self._qualifier(obj), (how + depth, abs(obj.i - trigger_i)),
                              strict=obj.ent_type_ == "PERSON"))
            return
        if depth >= 2 or obj.pos_ not in {"NOUN", "PROPN"}:
            return
        is_place_noun = obj.lemma_.lower() in self.rules["place_nouns"]
        for child in obj.children:
            if child.dep_ == "prep":
                lemma = child.lemma_.lower()
                if lemma in self.rules["place_preps"] or (is_place_noun and lemma == "of"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._from_object(pobj, how, out, trigger_i, depth + 1)
            elif child.dep_ == "appos" and is_place_noun:
                self._from_object(child, how, out, trigger_i, depth + 1)

    def _prep_kind(self, prep: Token) -> int | None:
        """How a preposition introduces a place: 0 on a verb, 1 on a noun, None when it does not."""
        return self._prep_kind_at(doc_arrays(prep.doc), prep.i)

    def _prep_kind_at(self, a: DocArrays, i: int) -> int | None:
        rules = self.rules
        lemma = a.lemma[i]
        h = a.head[i]
        head_lemma, head_pos = a.lemma[h], a.pos[h]
        on_noun = head_pos in {"NOUN", "PROPN", "PRON", "NUM"}
        if lemma in rules["motion_preps"] and self._is_motion_at(a, h):
            return 0
        if lemma in rules["origin_preps"] and head_pos in {"VERB", "AUX"} and head_lemma in rules["origin_verbs"]:
            return 0  # "withdrew from the town of X": the place the event happened
        if lemma in rules["place_preps"]:
            return 1 if on_noun else 0
        if lemma in rules["nominal_preps"] and on_noun:
            return 1
        if lemma == "of" and head_lemma in rules["place_nouns"]:
            return 1
        return None

    def _anchored(self, noun: Token, scope_set: set[int], trigger_i: int, depth: int = 0) -> bool:
        """A noun whose own locative phrases describe the event: the trigger, an argument of a clause verb,
        or the object of a locative phrase of such ("at a summit *in Singapore*"; not "the crash of the
        airliner *near Aktau*" under "blamed ... for")."""
        return self._anchored_at(doc_arrays(noun.doc), noun.i, scope_set, trigger_i, depth)

    def _anchored_at(self, a: DocArrays, n: int, scope_set: set[int], trigger_i: int, depth: int = 0) -> bool:
        if n == trigger_i:
            return True
        h = a.head[n]
        if h not in scope_set or depth > 3:
            return False
        dep = a.dep[n]
        if dep in ARGUMENT_DEPS and a.pos[h] in {"VERB", "AUX"}:
            return True
        if dep in ("conj", "appos"):  # "a truce for Rafah and a meeting at the summit in Algiers"
            return self._anchored_at(a, h, scope_set, trigger_i, depth + 1)
        if dep == "pobj" and a.dep[h] in ("prep", "dative") and \
                (self._prep_kind_at(a, h) is not None or a.lemma[h] in self.rules["partner_preps"]):
            hh = a.head[h]
            return a.pos[hh] in {"VERB", "AUX"} or self._anchored_at(a, hh, scope_set, trigger_i, depth + 1)
        return False

    def _locatives(self, doc: Doc, scope: Iterable[int], trigger_i: int, skip_heads: set[int]) -> list[_Found]:
        rules = self.rules
        scope_set = set(scope)
        out: list[_Found] = []
        a = doc_arrays(doc)  # the parse as arrays: a spaCy Token is built only for a toponym candidate
        dep, head, lemma = a.dep, a.head, a.lemma
        for i in sorted(scope_set):
            d = dep[i]
            if d in ("prep", "dative"):
                h = head[i]
                if h not in scope_set:
                    continue
                how = self._prep_kind_at(a, i)
                if how is None:
                    continue
                motion = how == 0 and lemma[i] in rules["motion_preps"]
                if not motion and (h in skip_heads or lemma[h] in rules["actor_nouns"]):
                    continue  # "Separatists in eastern Ukraine accused", "backed the government in Tripoli"
                if how == 1 and not self._anchored_at(a, h, scope_set, trigger_i):
                    continue
                for p in a.children[i]:
                    if dep[p] == "pobj":
                        self._from_object(doc[p], how, out, trigger_i)
            elif d == "dobj":
                if head[i] in scope_set and lemma[head[i]] in rules["destination_object_verbs"]:
                    self._from_object(doc[i], 0, out, trigger_i)
            elif d == "poss":
                h = head[i]
                if lemma[h] in rules["facility_nouns"] and h in scope_set and \
                        self._anchored_at(a, h, scope_set, trigger_i):
                    self._from_object(doc[i], 1, out, trigger_i)  # "recaptured Aden's airport"
        return out

    def _is_motion(self, head: Token) -> bool:
        """A motion verb ("flew to"), or the object of one ("sent a delegation to")."""
        return self._is_motion_at(doc_arrays(head.doc), head.i)

    def _is_motion_at(self, a: DocArrays, h: int) -> bool:
        verbs = self.rules["motion_verbs"]
        if a.pos[h] in {"VERB", "AUX"}:
            return a.lemma[h] in verbs
        return a.dep[h] == "dobj" and a.lemma[a.head[h]] in verbs

    def _entities(self, doc: Doc, scope: Iterable[int], trigger_i: int, skip_heads: set[int]) -> list[_Found]:
        scope_set = set(scope)
        out = []
        excluded_preps = self.rules["entity_excluded_preps"]
        for ent in self._sent_ents(doc[trigger_i]):
            if ent.label_ not in self.rules["place_labels"] or ent.root.i not in scope_set:
                continue
            root = ent.root
            if root.dep_ == "pobj":
                prep = root.head
                if prep.lemma_.lower() in excluded_preps or prep.head.i in skip_heads or \
                        prep.head.lemma_.lower() in self.rules["actor_nouns"]:
                    continue
                if prep.head.pos_ not in {"VERB", "AUX"} and not self._anchored(prep.head, scope_set, trigger_i):
                    continue
            elif root.dep_ not in {"npadvmod", "appos", "advmod", "conj"}:
                continue
            start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
            out.append(_Found(start, ent.end, None, (5, abs(root.i - trigger_i)), locative=False))
        return out

    # -- geocoding -------------------------------------------------------------------------------------------
    def _geocode(self, doc: Doc, found: _Found, sent_hints: set[str], art_hints: set[str],
                 event_hints: set[str]) -> Place | None:
        self._for_doc(doc)
        span: Span = doc[found.start:found.end]
        qualifier = doc[found.qualifier[0]:found.qualifier[1]].text if found.qualifier else None
        cands = self.gaz.candidates(span.text, qualifier, sent_hints, art_hints, event_hints)
        if qualifier and self.gaz.rows(qualifier) and (not cands or cands[0].score < QUALIFIER_BONUS):
            # "Al-Ula, Saudi Arabia" with no such town in that country: the qualifier is the place we know
            q_span = doc[found.qualifier[0]:found.qualifier[1]]
            qual = self.gaz.lookup(qualifier, sentence_countries=sent_hints)
            if qual is not None:
                qual.text = self._text[span.start_char:q_span.end_char]
                qual.span = (span.start_char, q_span.end_char)
            return qual
        if not cands:
            return None
        best = cands[0]
        rec = self.gaz.record(best.row)
        if rec.kind == "P" and rec.population < max(self.min_population,
                                                     STRICT_MIN_POPULATION if found.strict else 0):
            return None
        end_char = span.end_char
        if found.qualifier and qualifier and self.gaz.rows(qualifier) and best.score >= 20:
            end_char = doc[found.qualifier[1] - 1].idx + len(doc[found.qualifier[1] - 1].text)
        text = self._text[span.start_char:end_char]
        return self.gaz.place(best.row, text=text, span=(span.start_char, end_char))

    def locate(self, doc: Doc, event: Event, sent_hints: set[str] = frozenset(),
               art_hints: set[str] = frozenset(), actor_tokens: set[int] = frozenset()) -> Place | None:
        """The place of one event (None when its clause names none).

        ``actor_tokens``: tokens of every actor mention in the article; outside a locative phrase they name
        an actor, not a place ("Saudi Arabia and the UAE pledged": the UAE is no place of Saudi Arabia's
        pledge)."""
        if event.trigger_i is None:
            return None
        self._for_doc(doc)
        source_tokens = _tokens(event.source)
        target_tokens = _tokens(event.target) | set(actor_tokens)
        event_hints = self.event_hints(doc, event)
        skip_heads = set(range(event.source.start, event.source.end)) if event.source else set()
        skip_heads.discard(event.trigger_i)
        for n, scope in enumerate(scopes(doc, event.trigger_i, self._clauses)):
            inherited = n > 0
            for finder in (self._locatives, self._entities):
                if inherited and finder == self._entities:
                    continue
                found = sorted(finder(doc, scope, event.trigger_i, skip_heads), key=lambda f: f.rank)
                if inherited:  # from a clause it hangs on: only phrases on that clause's verb
                    found = [f for f in found if f.rank[0] == 0]
                places = []
                for f in found:
                    toks = range(f.start, f.end)
                    if any(i in source_tokens for i in toks) or \
                            (not f.locative and any(i in target_tokens for i in toks)):
                        continue  # "Washington sought": an actor, not a place
                    place = self._geocode(doc, f, sent_hints, art_hints, event_hints)
                    if place is not None:
                        places.append(place)
                if places:
                    return _most_specific(places)
        return None

    # -- every place of the article --------------------------------------------------------------------------
    def article_places(self, adoc: ArticleDoc, art_hints: set[str], per_sentence: dict[int, set[str]]
                       ) -> list[PlaceMention]:
        """Every place the article names, geocoded, in text order, including those in sentences with no event
        ("Peace talks began in Geneva"): the toponyms of locative phrases (found as for an event's location,
        over the whole sentence) and GPE/LOC/FAC entities. A toponym that names an actor is left out
        ("Washington sought", "in support of Damascus") unless it sits in a locative phrase ("in Syria",
        "visited Kabul", "Sochi, Russia"). Homonyms are settled by the countries of the sentence and article
        only: the actors' countries, which help for an event, mislead here ("Kerry met Lavrov in Geneva")."""
        doc = adoc.doc
        self._for_doc(doc, adoc.article.text)
        starts, ends = sentence_bounds(doc, self._clauses)
        found: dict[int, _Found] = {}  # by first token
        i = 0
        while i < len(doc):
            for f in self._locatives(doc, range(starts[i], ends[i]), -1, set()):
                found.setdefault(f.start, f)
            i = ends[i]
        covered = {k for f in found.values() for a, b in ((f.start, f.end), f.qualifier or (0, 0))
                   for k in range(a, b)}
        actor_tokens = {k for m in adoc.mentions if m.code for k in range(m.start, m.end)}
        labels = self.rules["place_labels"]
        for ent in doc.ents:
            if ent.label_ not in labels:
                continue
            start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
            toks = range(start, ent.end)
            if start >= ent.end or not covered.isdisjoint(toks) or \
                    (not actor_tokens.isdisjoint(toks) and not self._in_locative(ent.root)):
                continue
            found[start] = _Found(start, ent.end, None, (5, 0), locative=False)
        index = {a: k for k, a in enumerate(sorted(set(starts)))}
        out: list[PlaceMention] = []
        # "Syria" five times in an article: one gazetteer search, each occurrence keeping its own span
        known: dict[tuple, tuple[Place | None, int]] = {}
        for start in sorted(found):
            f = found[start]
            hints = per_sentence.get(starts[start], set())
            q = f.qualifier
            key = (doc[f.start:f.end].text, doc[q[0]:q[1]].text if q else None, f.strict, frozenset(hints))
            at = doc[f.start].idx
            if key not in known:
                known[key] = (self._geocode(doc, f, hints, art_hints, set()), at)
            place, first_at = known[key]
            if place is None:
                continue
            if at != first_at and place.span is not None:
                span = (place.span[0] + at - first_at, place.span[1] + at - first_at)
                place = dataclasses.replace(place, span=span, text=self._text[span[0]:span[1]])
            out.append(PlaceMention(f"{adoc.article.id}:{index[starts[start]]}", place))
        return out

    def _in_locative(self, tok: Token, depth: int = 0) -> bool:
        """``tok`` is the object of a place or motion preposition, or in apposition/conjunction to one."""
        head = tok.head
        if tok.dep_ == "pobj":
            lemma = head.lemma_.lower()
            return lemma in self.rules["place_preps"] or lemma in self.rules["motion_preps"]
        if tok.dep_ in ("appos", "conj", "npadvmod") and head.i != tok.i and depth < 2:
            return self._in_locative(head, depth + 1)
        return False


_PRECISION_ORDER = {"city": 0, "admin1": 1, "country": 2}


def _most_specific(places: list[Place]) -> Place:
    """The best-ranked place, unless a later one lies inside it ("the town of Afrin in northern Syria")."""
    best = places[0]
    for other in places[1:]:
        if best.country and other.country == best.country and \
                _PRECISION_ORDER.get(other.precision, 3) < _PRECISION_ORDER.get(best.precision, 3):
            best = other
    return best


def _tokens(mention: Mention | None) -> set[int]:
    return set(range(mention.start, mention.end)) if mention is not None else set()


@stages.register("places")
def make_places_stage(resources: Resources, min_population: int = 0, article_places: bool = True,
                      **config: Any) -> Callable[[ArticleDoc], None]:
    """Fill ``Event.location`` from each event's own clause (module docstring has the rule) and, with
    ``article_places``, ``ArticleDoc.places`` with every place the article names. The gazetteer is loaded
    here, once per process, not while coding the first article."""
    finder = PlaceFinder(resources.gazetteer, min_population=min_population)

    def run(adoc: ArticleDoc) -> None:
        if not adoc.events and not article_places:
            return
        doc = adoc.doc
        finder._for_doc(doc, adoc.article.text)
        art_hints, per_sentence = finder.country_hints(doc)
        if article_places:
            adoc.places = finder.article_places(adoc, art_hints, per_sentence)
        if not adoc.events:
            return
        mention_hints = finder.mention_hints(adoc)
        actor_tokens = {i for m in adoc.mentions if m.code for i in range(m.start, m.end)}
        for event in adoc.events:
            if event.trigger_i is None:
                continue
            sent_hints = per_sentence.get(finder.sentence_start(doc, event.trigger_i), set())
            event.location = finder.locate(doc, event, sent_hints | mention_hints.get(event.sentence_id, set()),
                                           art_hints, actor_tokens)
            if adoc.trace is not None:  # explanations only when asked: to_dict() is not free
                adoc.note("places", event=event.trigger,
                          place=event.location.to_dict() if event.location else None)

    return run
