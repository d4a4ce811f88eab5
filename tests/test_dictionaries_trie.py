"""Stems in the phrase trie are indexed (not scanned); DiscardList.find keeps its meaning."""

from __future__ import annotations

import random

from eventcoder.dictionaries.common import pieces
from eventcoder.dictionaries.discards import DiscardEntry, DiscardList
from eventcoder.dictionaries.trie import PhraseTrie


def test_stem_first_added_wins_and_replacement_keeps_rank() -> None:
    t: PhraseTrie[str] = PhraseTrie()
    t.add(("harbour",), "long", stem=True)
    t.add(("harb",), "short", stem=True)
    assert t.match(["Harbourmaster"], 0)[0] == "long"
    assert t.match(["harbinger"], 0)[0] == "short"
    t.add(("harbour",), "long2", stem=True)  # same stem: replaced, still ranked first
    assert t.match(["harbours"], 0)[0] == "long2"
    assert len(t) == 2
    assert sorted(v for _k, v in t.items()) == ["long2", "short"]
    assert t.match(["har"], 0) is None


def test_stem_after_words_and_exact_phrases() -> None:
    t: PhraseTrie[str] = PhraseTrie()
    t.add(pieces("river cruise"), "exact")
    t.add(pieces("river cru"), "stem", stem=True)
    assert t.match(["River", "cruises", "today"], 0) == ("stem", 2, ("river", "cru"))
    assert t.match(["River", "cruise"], 0)[0] == "exact"
    assert t.match(["River", "boat"], 0) is None


def _brute_find(entries: list[DiscardEntry], words: list[str]) -> tuple[str, bool] | None:
    """Reference: every start, every entry; the longest match at a start; a story-level one returns at once."""
    low = [w.lower() for w in words]
    first = None
    for i in range(len(low)):
        best = None
        for e in entries:
            key = e.phrase.split()
            k = len(key)
            if i + k > len(low) or low[i:i + k - 1] != key[:-1]:
                continue
            last = low[i + k - 1]
            if last == key[-1] or (e.stem and last.startswith(key[-1])):
                # longest first; at equal length a whole-word entry beats a stem; then the first added
                if best is None or (k, not e.stem) > (len(best.phrase.split()), not best.stem):
                    best = e
        if best is not None:
            if best.story:
                return best.phrase, True
            first = first or (best.phrase, False)
    return first


def test_discard_find_matches_a_brute_force_reference() -> None:
    rng = random.Random(11)
    vocab = ["ferry", "ferryman", "oar", "oarlock", "tide", "tidal", "mill", "millpond", "weir", "lock", "lockkeeper"]
    entries, seen = [], set()
    for _ in range(25):
        phrase = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 2)))
        stem = rng.random() < 0.5
        if (phrase, stem) in seen or any(p == phrase for p, _s in seen):
            continue
        seen.add((phrase, stem))
        entries.append(DiscardEntry(phrase, story=rng.random() < 0.2, stem=stem))
    dl = DiscardList(entries)
    for _ in range(400):
        words = [rng.choice(vocab + ["the", "boat"]) + rng.choice(["", "", "s"]) for _ in range(rng.randint(1, 8))]
        got = dl.find(words)
        want = _brute_find(entries, words)
        assert (None if got is None else (got.phrase, got.story)) == want, words


def test_discard_match_names_its_phrase() -> None:
    dl = DiscardList([DiscardEntry("regatta", stem=True), DiscardEntry("boat race", story=True)])
    m = dl.find(["The", "regattas", "ended"])
    assert (m.phrase, m.story, m.start, m.length) == ("regatta", False, 1, 1)
    assert dl.find(["a", "regatta", "and", "a", "boat", "race"]).phrase == "boat race"


def _reference_match(t: PhraseTrie, words: list[str], start: int):
    """The word-by-word matcher before transitions were cached (kept here as the reference)."""
    from eventcoder.dictionaries.trie import _END, _STEMS, word_pieces
    node = t._root
    best = None
    i, n, first = start, len(words), True
    while i < n:
        ps, poss = word_pieces(words[i])
        if not ps:
            if first:
                return None
            i += 1
            continue
        stems = node.get(_STEMS)
        if stems is not None and len(ps) == 1:
            hit = stems.find(ps[0])
            if hit is not None:
                best = (hit[1], i + 1 - start, hit[0])
        if poss:
            nd = node
            for p in poss:
                nd = nd.get(p)
                if nd is None:
                    break
            if nd is not None and _END in nd:
                key, value = nd[_END]
                best = (value, i + 1 - start, key)
        for j, p in enumerate(ps):
            nxt = node.get(p)
            if nxt is None:
                if j and _END in node and all(not q[0].isalnum() for q in ps[j:]):
                    key, value = node[_END]
                    best = (value, i + 1 - start, key)
                return best
            node = nxt
        first = False
        i += 1
        if _END in node:
            key, value = node[_END]
            best = (value, i - start, key)
    return best


def test_cached_transitions_match_the_reference_matcher() -> None:
    rng = random.Random(7)
    vocab = ["al", "qaeda", "gondor", "arnor", "united", "states", "the", "of", "army", "people", "s", "u", "n"]
    words_pool = [*vocab, "Gondor's", "States'", "U.S.", "Al-Qaeda", "-", "(", ",", "Arnor,", "al", "ARMY",
                  "people's", "'s", "Unitedly", "gon"]
    for _round in range(30):
        t: PhraseTrie[int] = PhraseTrie()
        for v in range(rng.randint(1, 25)):
            key = tuple(rng.choice(vocab) for _ in range(rng.randint(1, 3)))
            t.add(key, v, stem=rng.random() < 0.2)
        if rng.random() < 0.5:  # a change after matching must drop the cached transitions
            t.match(["the", "united", "states"], 0)
            t.add(("the", "united"), 99)
        for _ in range(200):
            words = [rng.choice(words_pool) for _ in range(rng.randint(1, 7))]
            for start in range(len(words)):
                assert t.match(words, start) == _reference_match(t, words, start), (words, start)
                assert t.match(words, start) == _reference_match(t, words, start)  # cached the second time

