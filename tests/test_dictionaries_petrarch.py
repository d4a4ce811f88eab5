"""PETRARCH-format readers on small dictionaries written here: content, semantics and line-numbered errors."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from eventcoder.dictionaries import load_dictionaries
from eventcoder.dictionaries.petrarch_nouns import (
    parse_date,
    read_petrarch_actors,
    read_petrarch_agents,
    read_petrarch_discards,
)
from eventcoder.dictionaries.petrarch_verbs import parse_pattern, read_petrarch_verbs
from eventcoder.dictionaries.pico import read_pico
from eventcoder.errors import DictionaryError


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip("\n"))
    return p


ACTORS = """
<!-- test actors -->
<!--
# a multi-line comment block
-->
QUERIMIA_  [QRM]   # a country
+QUERIMIAN_
+ZEPHYR_CITY
; a semicolon comment
MARA_VOSK_  ; a person
\t[QRMELI 19900101-050630]
\t[QRMGOV 050701-100101]
\t[QRMGOV >180101]
\t[QRMELI]
OLD_GUARD
\t[--- <950630]
\t[OGD]
HALDEN_TOWER
\t[HLDTWR 20100109-20100112]
\t[HLDMIL 20080120-20121109]
SPACED NAME [SPC]
\t
TWIN_\t[TWA 010101-011231] [TWB]
"""


def test_actor_reader_reads_entries_and_quirks(tmp_path):
    entries, errors = read_petrarch_actors(write(tmp_path, "t.actors.txt", ACTORS))
    assert errors == []
    by = {e.name: e for e in entries}
    assert set(by) == {"Querimia", "Mara Vosk", "Old Guard", "Halden Tower", "Spaced Name", "Twin"}
    q = by["Querimia"]
    assert q.aliases == ("Querimian", "Zephyr City", "Zephyr Cities")  # only the last has no final _
    assert q.code_at(None) == "QRM" and q.line == 5
    assert [c.code for c in by["Twin"].codes] == ["TWA", "TWB"]


def test_actor_date_restrictions(tmp_path):
    entries, _ = read_petrarch_actors(write(tmp_path, "t.actors.txt", ACTORS))
    d = load_dictionaries(str(tmp_path / "t.actors.txt"))
    vosk = d.actors.lookup("mara vosk")
    assert vosk is entries[1] or vosk == entries[1]
    assert vosk.code_at(dt.date(1999, 5, 1)) == "QRMELI"
    assert vosk.code_at(dt.date(2005, 6, 30)) == "QRMELI"  # bounds are inclusive
    assert vosk.code_at(dt.date(2005, 7, 1)) == "QRMGOV"
    assert vosk.code_at(dt.date(2012, 1, 1)) == "QRMELI"  # gap -> the undated default
    assert vosk.code_at(dt.date(2018, 1, 1)) == "QRMGOV"  # >date is inclusive
    guard = d.actors.lookup("OLD_GUARD")
    assert guard.code_at(dt.date(1995, 6, 30)) is None  # null code ---
    assert guard.code_at(dt.date(1995, 7, 1)) == "OGD"
    tower = d.actors.lookup("Halden Tower")
    assert tower.code_at(dt.date(2010, 1, 10)) == "HLDTWR"  # first listed restriction wins
    assert tower.code_at(dt.date(2011, 1, 1)) == "HLDMIL"
    assert tower.code_at(dt.date(2015, 1, 1)) is None  # no default
    assert tower.code_at(None) == "HLDMIL"  # no date: the most recent span


def test_two_digit_year_pivot():
    assert parse_date("300101") == dt.date(2030, 1, 1)
    assert parse_date("310101") == dt.date(1931, 1, 1)
    assert parse_date("19991231") == dt.date(1999, 12, 31)
    for bad in ("9008223", "201005011", "990230"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_actor_errors_have_line_numbers(tmp_path):
    text = """
    GOOD_ [GOD]
    +FINE_
    \t[GODGOV 990101-9901011]
    \t[GODGOV 20121207-20120802]
    \t[950601-990815]
    \t[GODGOV 20121204]
    +BAD]_
    WORDS [A] trailing
    """
    _entries, errors = read_petrarch_actors(write(tmp_path, "e.actors.txt", text))
    lines = [line for _p, line, _m in errors]
    assert lines == [3, 4, 5, 6, 7, 8]
    assert "bad date" in errors[0][2] and "ends before it starts" in errors[1][2]
    assert "missing code" in errors[2][2]
    with pytest.raises(DictionaryError) as e:
        load_dictionaries(str(tmp_path / "e.actors.txt"))
    assert len(e.value.errors) == 6 and str(e.value).startswith(f"{tmp_path / 'e.actors.txt'}:3:")


def test_synonym_before_actor_is_an_error(tmp_path):
    _e, errors = read_petrarch_actors(write(tmp_path, "x.actors.txt", "+LOST\n\t[LST]\n"))
    assert [(line, "before any actor" in m) for _p, line, m in errors] == [(1, True), (2, True)]


AGENTS = """
<!-- agents -->
!OFFICER! = WARDEN, WARDENS, KEEPER
CHIEF_!OFFICER! [~GOVCHF]
HARBOR_MASTER [~HBR]
RANGER {RANGERS_OF_NORTH} [~RNG]
POLICE {} [ ~COP]
GUILD_ALLIANCE  [GLD~]
FERRY [~FRY]
"""


def test_agent_reader_plurals_substitutions_and_codes(tmp_path):
    entries, errors = read_petrarch_agents(write(tmp_path, "t.agents.txt", AGENTS))
    assert errors == []
    by = {e.name: e for e in entries}
    assert by["Chief Warden"].aliases == ("Chief Wardens", "Chief Keeper")
    assert by["Harbor Master"].plurals == ("Harbor Masters",)
    assert by["Ranger"].plurals == ("Rangers Of North",)  # explicit plurals replace the regular one
    assert by["Police"].plurals == ()
    assert by["Ferry"].plurals == ("Ferries",)
    assert by["Guild Alliance"].prefix and by["Guild Alliance"].code == "GLD"
    assert by["Police"].code == "COP" and not by["Police"].prefix


def test_agent_errors(tmp_path):
    text = "MISSING_CODE\nBAD_CODE [GOV]\n!UNDEF!_X [~A]\nBRACE [~ENV}\nOK [~OK]\n"
    entries, errors = read_petrarch_agents(write(tmp_path, "e.agents.txt", text))
    assert [line for _p, line, _m in errors] == [1, 2, 3, 4]
    assert "undefined substitution !UNDEF!" in errors[2][2]
    assert [e.name for e in entries] == ["Ok"]


def test_discard_reader(tmp_path):
    entries, errors = read_petrarch_discards(write(tmp_path, "t.discards.txt",
                                                   "# c\n+HARVEST FESTIVAL   # x\nCHESS_\nREGATTA\nBAD [X]\n"))
    assert [line for _p, line, _m in errors] == [5]
    by = {e.phrase: e for e in entries}
    assert by["harvest festival"].story and by["harvest festival"].stem
    assert not by["chess"].stem and by["regatta"].stem


VERBS = """
####### SYNONYM SETS #######
&CURRENCY
+CROWN
+DUCAT_
+PIECE_OF_EIGHT

&SHORTSET_
+FLEET

&BIGSET
+&CURRENCY
+GALLEON
+(TO THE END)

&CURRENCY
+FLORIN

####### VERB PATTERNS #######
---  PLEDGE   [030]  ---
PLEDGE
VOW {VOWS VOWED VOWING}
+SIGN_UP {+SIGNS_UP +SIGNED_UP +SIGNING_UP} [031]
WIRE_+TAP
LASH OUT
- * &CURRENCY                                [0331]   # PLEDGE
- * (TO {NAVAL &SHORTSET}) $                 [042:043]
- + * (FROM ^)                               [:173]
- &SHORTSET_HARBOR *                         [150]
- % * TALKS                                  [---]
* (TO QUESTION) [110]

--- SAIL [---]---
SAIL [042]
SEND {SENDS SENT SENDING}
- * (WITH &BIGSET)                           [0579]

~ a (a b SAIL) PLEDGE = a b 036
"""


def test_verb_reader_structures(tmp_path):
    verbs, errors = read_petrarch_verbs(write(tmp_path, "t.verbs.txt", VERBS))
    assert errors == []
    assert len(verbs.blocks) == 2 and verbs.pattern_count == 7
    cur = verbs.synset("&CURRENCY")
    assert ("crown",) in cur.phrases and ("crowns",) in cur.phrases
    assert ("ducats",) not in cur.phrases and ("piece", "of", "eight") in cur.phrases
    assert ("florin",) in cur.phrases  # a repeated synset name adds to it
    assert verbs.synset("shortset").phrases == frozenset({("fleet",)})  # name ending _ : no plurals
    big = verbs.synset("BIGSET")
    assert ("crowns",) in big and "galleon" in big and big.preps == (("to", "the", "end"),)
    pledge = verbs.lookup("vowed")
    assert pledge.lemma == "vow" and pledge.code == "030" and pledge.block == "PLEDGE"
    assert verbs.lookup("PLEDGES").lemma == "pledge"
    sign = verbs.lookup("signed up")
    assert sign.words == ("sign", "up") and sign.verb_index == 0 and sign.code == "031"
    assert sign.block_code == "030"
    assert [e.lemma for e in verbs.compounds("signing")] == ["sign up"]
    tap = verbs.lookup("wire tapped")
    assert tap.verb_index == 1 and tap.verb_word == "tap"
    assert verbs.lookup("lash out").words == ("lash", "out")
    assert verbs.lookup("sent").code == "---" or verbs.lookup("sent").code is None
    assert verbs.lookup("sail").code == "042"
    pats = pledge.patterns
    assert pats[0].post_nouns[0].head.kind == "synset" and pats[0].code == "0331" and pats[0].line == 25
    p1 = pats[1]
    assert p1.post_preps[0].prep.text == "to"
    assert [t.text for t in p1.post_preps[0].objects[0].terms] == ["naval", "&SHORTSET"]
    assert (p1.code, p1.reverse_code, p1.paired) == ("042", "043", True)
    assert p1.source_marker.section == "post" and p1.source_marker.prep is None
    p2 = pats[2]
    assert (p2.code, p2.reverse_code) == (None, "173")
    assert p2.target_marker.section == "pre" and p2.post_preps[0].objects[0].head.kind == "skip"
    p3 = pats[3]  # &SHORTSET_HARBOR: a known synset followed by a word
    assert [t.kind for t in p3.pre_nouns[0].terms] == ["synset", "word"]
    assert pats[4].compound_marker is not None and pats[4].code is None
    assert pats[5].post_preps[0].objects[0].head.text == "question"  # '*' line without '-'
    assert pats[1].cite().endswith(f"(t.verbs.txt:{pats[1].line})")
    assert pats[0].raw.startswith("- * &CURRENCY") and pats[0].comment == "PLEDGE"
    tr = verbs.transformations[0]
    assert (tr.source, tr.lower_source, tr.lower_target, tr.lower_verb, tr.verb) == ("a", "a", "b", "SAIL", "PLEDGE")
    assert (tr.result_source, tr.result_target, tr.result_code, tr.line) == ("a", "b", "036", 37)


def test_verb_errors_have_line_numbers(tmp_path):
    text = """
    - * STRAY [010]
    --- GIVE [070] ---
    GIVE {GIVES GAVE GIVEN GIVING
    - * AID (TO [071]
    - * AID
    - * AID * MORE [070]
    - AID [070]
    - * AID [07X:]
    - * &UNKNOWN [070]
    &SET
    WORD
    """
    verbs, errors = read_petrarch_verbs(write(tmp_path, "e.verbs.txt", text))
    assert [line for _p, line, _m in errors] == [1, 3, 4, 5, 6, 7, 11]
    msgs = [m for _p, _l, m in errors]
    assert "outside a verb block" in msgs[0] and "unbalanced" in msgs[2] and "no [CODE]" in msgs[3]
    assert "more than one" in msgs[4] and "exactly one" in msgs[5] and "must start with '+'" in msgs[6]
    assert verbs.warnings == [(str(tmp_path / "e.verbs.txt"), 9, "pattern ignored: undefined synset &UNKNOWN")]
    assert verbs.pattern_count == 1  # "[07X:]" is a valid paired code; the &UNKNOWN pattern is dropped


def test_parse_pattern_standalone():
    p = parse_pattern("- {SOME &MILITARY} (&PREPOSIT1_ HARBOR) * {FINAL TOUCHES} (ON ^ ^) [046]  # PUT")
    assert str(p.pre_nouns[0]) == "{SOME &MILITARY}" and p.pre_preps[0].prep.kind == "synset"
    assert len(p.post_preps[0].objects) == 2 and p.body == "{SOME &MILITARY} (&PREPOSIT1 HARBOR) * {FINAL TOUCHES} (ON ^ ^)"


def test_pico(tmp_path):
    table, errors = read_pico(write(tmp_path, "t_Internal_Coding_Ontology.txt",
                                    "# head -->\n010:0x1000#Say\n120:-0xFFFF\n121:-0xFFFF+0x0070\n---:0\nbad\n"))
    assert [line for _p, line, _m in errors] == [6]
    assert table.value("121") == -0xFFFF + 0x70 and table.cameo(0x1000) == "010" and table.value(None) == 0


# ---------------------------------------------------------------- our verb format (*.patterns)

def test_own_verb_format_round_trip(tmp_path):
    from eventcoder.dictionaries.verbformat import read_verbs, write_verbs

    verbs, _ = read_petrarch_verbs(write(tmp_path, "t.verbs.txt", VERBS))
    text = write_verbs(verbs, header="converted")
    again, errors = read_verbs(write(tmp_path, "t.patterns", text))
    assert errors == [] and again.warnings == []
    assert again.blocks == verbs.blocks and again.synsets == verbs.synsets
    assert again.transformations == verbs.transformations
    assert write_verbs(again, header="converted") == text
    p = again.lookup("vow").patterns[1]
    assert p.raw.startswith("* (TO {NAVAL &SHORTSET}) $ [042:043]") and p.cite().endswith(f"(t.patterns:{p.line})")


def test_own_verb_format_reading_and_errors(tmp_path):
    from eventcoder.dictionaries.verbformat import read_verbs

    text = """
    # patterns may come before the synsets they use
    PLEDGE: * &COIN [0331]   # pledge money
    verbs PLEDGE [030] = pledge | vow {vowed} | +sign_up [031]
    verbs PLEDGE = swear {swore sworn}
    &COIN = crown | ducat_
    SAIL: * (TO) [042]
    verbs PLEDGE [040] = promise
    PLEDGE: * {BROKEN [010]
    just words
    ~ a (a b SAIL) PLEDGE = a b
    """
    verbs, errors = read_verbs(write(tmp_path, "e.patterns", text))
    assert [line for _p, line, _m in errors] == [6, 7, 8, 9, 10]
    msgs = [m for _p, _l, m in errors]
    assert "unknown verb class SAIL" in msgs[0] and "already has code [030]" in msgs[1]
    assert "unbalanced" in msgs[2] and "cannot read" in msgs[3] and "transformation" in msgs[4]
    assert verbs.lookup("swore").code == "030" and verbs.lookup("signed up").code == "031"
    assert verbs.lookup("vowed").patterns[0].post_nouns[0].head.text == "&COIN"
    assert ("crowns",) in verbs.synset("coin").phrases and ("ducats",) not in verbs.synset("coin").phrases


def test_cameo_converts_to_own_format_losslessly(shared, tmp_path):
    from eventcoder.dictionaries.convert import convert_file
    from eventcoder.dictionaries.verbformat import read_verbs

    src = shared / "petrarch" / "dictionaries" / "CAMEO.2.0.txt"
    original, errors = read_petrarch_verbs(src)
    path, count, left_out = convert_file(src, tmp_path)
    assert path.name == "cameo.2.0.patterns" and count == original.pattern_count
    assert left_out == sorted(errors + original.warnings, key=lambda e: e[1]) and len(left_out) == 4
    again, errors2 = read_verbs(path)
    assert errors2 == [] and again.blocks == original.blocks and again.synsets == original.synsets
