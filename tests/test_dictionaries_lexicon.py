"""The coder's verb lexicon is compiled from the dictionaries package's parsed objects (one parser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.coder.adapter import compile_lexicon, lexicon_from
from eventcoder.coder.lexicon import Marker, Noun, Prep
from eventcoder.dictionaries import load_verbs
from eventcoder.dictionaries.petrarch_verbs import read_petrarch_verbs
from eventcoder.dictionaries.verbformat import read_verbs, write_verbs
from eventcoder.errors import DictionaryError

PETRARCH = """\
&PARCEL
+crate
+box_of_tea
+TEA_CHEST_

&RIVER_BANK_
+shore
+levee

--- HAUL [0815] ---
HAUL
LUG {LUGS LUGGED LUGGING}
+HAND_OVER {+HANDS_OVER +HANDED_OVER} [0816]
- $ * &PARCEL (TO +) [0817]  # haul crates to someone
- * {FRESH &PARCEL} [0818:0819]
- * (ALONG &RIVER_BANK_) [080!]
- QUIETLY_* (INTO $) [:0820]
- * (BY ^) [---]
- % * (WITH {HEAVY GEAR}) [0821]
"""

TABARI = """\
--- PADDLE [0901] ---
PADDLE
- * UPSTREAM_FAST [0902]
- SLOWLY * [0903]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def patterns_by_line(lex) -> dict[int, object]:
    return {p.line: p for e in lex.entries for p in e.patterns}


def test_compile_elements_from_structured_patterns(tmp_path: Path) -> None:
    vd, errors = read_petrarch_verbs(write(tmp_path, "haul.verbs.txt", PETRARCH))
    assert errors == []
    lex = compile_lexicon(vd)
    pats = patterns_by_line(lex)

    p = pats[14]  # - $ * &PARCEL (TO +) [0817]
    assert p.pre == (Marker("$"),)
    noun, prep = p.post
    assert isinstance(noun, Noun) and not noun.braced
    # synset members with regular plurals, "_" joins consecutive words, a final "_" keeps no plural
    assert set(noun.alts) == {("CRATE",), ("CRATES",), ("BOX", "OF", "TEA"), ("BOX", "OF", "TEAS"),
                              ("TEA", "CHEST")}
    assert prep == Prep("TO", None, "+")
    assert p.code == "0817" and p.text == "$ * &PARCEL (TO +)" and p.block == "HAUL"

    fresh = pats[15].post[0]  # {FRESH &PARCEL}: braced, every alternative prefixed with FRESH
    assert fresh.braced and ("FRESH", "CRATES") in fresh.alts and pats[15].code == "0818:0819"

    # a synset name containing "_" is that synset, not &RIVER followed by words
    bank = pats[16].post[0]
    assert isinstance(bank, Prep) and bank.prep == "ALONG"
    assert set(bank.obj.alts) == {("SHORE",), ("LEVEE",)}
    assert pats[16].code == "080!"  # the code as written

    assert pats[17].pre_adjacent == ("QUIETLY",) and pats[17].post == (Prep("INTO", None, "$"),)
    assert pats[17].code == ":0820"
    assert pats[18].post == (Prep("BY", None, "^"),) and pats[18].code == "---"
    assert pats[19].pre == (Marker("%"),)
    gear = pats[19].post[0].obj
    assert gear.braced and gear.alts == (("HEAVY", "GEAR"),)
    # a file that uses (...) or {...} is PETRARCH2 style: no pattern is an ordered sequence
    assert not any(p.ordered for p in pats.values())


def test_compile_verbs_forms_and_codes(tmp_path: Path) -> None:
    vd, _ = read_petrarch_verbs(write(tmp_path, "haul.verbs.txt", PETRARCH))
    lex = compile_lexicon(vd)
    haul = lex.lookup("hauled")
    assert [(e.verb, e.code) for e in haul] == [("HAUL", "0815")]
    assert len(haul[0].patterns) == 6
    hand = lex.lookup("handed")[0]
    assert (hand.verb, hand.particles, hand.code) == ("HAND", ("OVER",), "0816")
    assert lex.lookup("lugged")[0].verb == "LUG"
    assert lex.lookup("ferried") == []


def test_tabari_style_file_is_ordered(tmp_path: Path) -> None:
    vd, _ = read_petrarch_verbs(write(tmp_path, "paddle.verbs.txt", TABARI))
    pats = patterns_by_line(compile_lexicon(vd))
    assert all(p.ordered for p in pats.values())
    assert pats[3].post_adjacent == () and pats[3].post[0].alts == (("UPSTREAM", "FAST"),)
    assert pats[4].pre[0].label == "SLOWLY"


def test_own_format_compiles_like_petrarch(tmp_path: Path) -> None:
    text = PETRARCH.replace("[080!]", "[080]")
    vd, _ = read_petrarch_verbs(write(tmp_path, "haul.verbs.txt", text))
    own, errors = read_verbs(write(tmp_path, "haul.patterns", write_verbs(vd)))
    assert errors == []

    def el(x):  # labels are how the phrase was written (&RIVER_BANK_ vs &RIVER_BANK): not compared
        if isinstance(x, Noun):
            return ("noun", x.alts, x.braced)
        if isinstance(x, Prep):
            return ("prep", x.prep, x.obj and el(x.obj), x.marker)
        return x

    def shape(lex):
        return sorted((e.verb, e.code, e.particles,
                       tuple((tuple(map(el, p.pre)), tuple(map(el, p.post)), p.code, p.pre_adjacent, p.ordered)
                             for p in e.patterns)) for e in lex.entries)

    assert shape(compile_lexicon(own)) == shape(compile_lexicon(vd))


def test_lexicon_from_paths_and_cache(tmp_path: Path) -> None:
    path = write(tmp_path, "haul.verbs.txt", PETRARCH)
    lex = lexicon_from(path)
    assert lex.lookup("lugging")[0].verb == "LUG"
    assert len(lexicon_from([path, write(tmp_path, "paddle.verbs.txt", TABARI)])) == 4
    vd = load_verbs([path])
    assert lexicon_from(vd) is lexicon_from(vd)
    assert lexicon_from(lex) is lex
    with pytest.raises(DictionaryError):
        lexicon_from(write(tmp_path, "bad.verbs.txt", "--- HAUL [0815] ---\nHAUL\n- * (TO [0817]\n"))


def test_shipped_patterns_compile_like_cameo_2_0(shared: Path) -> None:
    """The shipped cameo.patterns (our format) and PETRARCH's CAMEO.2.0.txt give the same coder lexicon."""
    from eventcoder.dictionaries import load_dictionaries

    def el(x):
        if isinstance(x, Noun):
            return ("noun", x.alts, x.braced)
        if isinstance(x, Prep):
            return ("prep", x.prep, x.obj and el(x.obj), x.marker)
        return x

    def shape(lex):  # codes: "080!" (a coder's note in CAMEO.2.0.txt) is written "080" in cameo.patterns
        return sorted((e.verb, e.block, e.code, e.particles, e.prewords,
                       tuple((tuple(map(el, p.pre)), tuple(map(el, p.post)), p.code.rstrip("!?"), p.pre_adjacent,
                              p.post_adjacent, p.ordered) for p in e.patterns)) for e in lex.entries)

    original, _errors = read_petrarch_verbs(shared / "petrarch" / "dictionaries" / "CAMEO.2.0.txt")  # a few
    # malformed lines are reported and skipped, as the conversion to cameo.patterns skipped them
    shipped = compile_lexicon(load_dictionaries(None).verbs)
    assert len(shipped.entries) > 1500
    assert shape(shipped) == shape(compile_lexicon(original))
