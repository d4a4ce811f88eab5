"""Loading specs (directory, list, validation XML, shipped), override order, matching, and the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import pytest

from eventcoder.dictionaries import (
    ActorDictionary,
    ActorEntry,
    AgentDictionary,
    AgentEntry,
    CodeSpan,
    DiscardEntry,
    DiscardList,
    check_file,
    detect_kind,
    load_dictionaries,
)
from eventcoder.errors import DictionaryError


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


# ---------------------------------------------------------------- matching

@pytest.fixture(scope="module")
def actors():
    return ActorDictionary([
        ActorEntry("Gondor", ("Minas Tirith", "Gondorian")),
        ActorEntry("Gondor Army", ("Army of Gondor",)),
        ActorEntry("Animal Liberation Front (ALF)", ("Al-Qaeda Branch",)),
        ActorEntry("People's Guard", ("U.S. Desk",)),
        ActorEntry("Erdoğan"),
    ])


@pytest.mark.parametrize("words, start, name, length", [
    (["Gondor", "said"], 0, "Gondor", 1),
    (["the", "GONDOR", "army", "left"], 1, "Gondor Army", 2),  # longest match
    (["Gondor", "'s", "army"], 0, "Gondor", 1),  # possessive split off: no "'s army" phrase
    (["Gondor's", "army"], 0, "Gondor", 1),  # possessive inside the word
    (["Gondor’s"], 0, "Gondor", 1),  # typographic apostrophe
    (["Minas", "Tirith", "fell"], 0, "Gondor", 2),
    (["Animal", "Liberation", "Front", "(", "ALF", ")"], 0, "Animal Liberation Front (ALF)", 5),
    (["al", "-", "Qaeda", "branch"], 0, "Animal Liberation Front (ALF)", 4),
    (["Al-Qaeda", "Branch"], 0, "Animal Liberation Front (ALF)", 2),
    (["People", "'s", "Guard"], 0, "People's Guard", 3),
    (["U.S.", "desk"], 0, "People's Guard", 2),
    (["Erdogan"], 0, "Erdoğan", 1),  # accents folded
    (["Gondor,", "Minas"], 0, "Gondor", 1),  # punctuation left on the word
    (["Minas", "Tirith."], 0, "Gondor", 2),
])
def test_actor_match(actors, words, start, name, length):
    m = actors.match(words, start)
    assert m is not None and m.entry.name == name and m.length == length and m.end == start + length


@pytest.mark.parametrize("words, start", [(["Gondorians"], 0), (["-", "Gondor"], 0), (["Minas"], 0),
                                          (["said", "Gondor"], 0), (["Gondor"], 1)])
def test_actor_no_match(actors, words, start):
    assert actors.match(words, start) is None


def test_later_entries_override_by_name_and_phrase():
    old = ActorEntry("Gondor", ("Minas Tirith", "Osgiliath"), (CodeSpan("GON"),))
    other = ActorEntry("Old City", ("Osgiliath",), (CodeSpan("OSG"),))
    new = ActorEntry("GONDOR", ("Minas Tirith",), (CodeSpan("GNR"),))
    d = ActorDictionary([old, other, new])
    assert d.lookup("gondor") is new and len(d) == 2
    assert d.match(["Minas", "Tirith"], 0).code_at(None) == "GNR"
    assert d.match(["Osgiliath"], 0).entry is other  # the old entry's names are gone, others stay


def test_compound_codes():
    shire = ActorEntry("The Shire", codes=(CodeSpan("FRO/BIL/SAM"),))
    assert shire.codes_at(None) == ("FRO", "BIL", "SAM") and ActorEntry("Nowhere").codes_at(None) == ()


def test_agent_match_prefix_suffix_plural():
    d = AgentDictionary([AgentEntry("Harbor Master", "HBR", plurals=("Harbor Masters",)),
                         AgentEntry("Relief Guild", "NGO", prefix=True)])
    m = d.match(["harbor", "masters", "met"], 0)
    assert (m.code, m.suffix, m.plural, m.length, m.apply("GON")) == ("HBR", True, True, 2, "GONHBR")
    m = d.match(["Relief", "Guild"], 0)
    assert m.prefix and not m.plural and m.apply("GON") == "NGOGON"


def test_discards_stem_and_story():
    d = DiscardList([DiscardEntry("chess", stem=True), DiscardEntry("harvest festival", story=True)])
    assert d.match(["Chessboards"], 0).length == 1
    assert d.find(["the", "Harvest", "Festival", "began"]).story
    assert d.find(["a", "harvest", "moon"]) is None


# ---------------------------------------------------------------- loading

def small_dir(tmp_path):
    write(tmp_path / "base.actors.txt", "GONDOR_ [GON]\n+MINAS_TIRITH_\nOSGILIATH_ [OSG]\n")
    write(tmp_path / "zz.actors", "[Gondor]\ncode = GNR\n")
    write(tmp_path / "t.agents.txt", "STEWARD [~GOVSTW]\n")
    write(tmp_path / "t.discards", "+harvest festival\n")
    write(tmp_path / "t.verbs.txt", "--- MEET [040] ---\nMEET {MEETS MET MEETING}\n- * (WITH) [042]\n")
    write(tmp_path / "notes.md", "not a dictionary\n")
    return tmp_path


def test_load_directory_and_override(tmp_path):
    small_dir(tmp_path)
    d = load_dictionaries(str(tmp_path))
    assert [k for _p, k in d.files] == ["petrarch-actors", "petrarch-agents", "discards", "petrarch-verbs",
                                        "actors"]
    assert d.actors.lookup("gondor").code_at(None) == "GNR"  # our file after the PETRARCH one
    assert d.actors.lookup("Minas Tirith") is None  # the whole old entry was replaced
    assert d.verbs.lookup("met").code == "040" and d.agents.match(["stewards"], 0).plural
    assert d.pico is None


def test_load_file_list_and_extra_actor_files(tmp_path):
    small_dir(tmp_path)
    extra = write(tmp_path / "mine.txt", "[Osgiliath]\nalias = Osgiliath Ruins\ncode = OSR 2019 ..\n")
    spec = f"{tmp_path / 'base.actors.txt'},{tmp_path / 't.verbs.txt'}"
    d = load_dictionaries(spec, extra_actor_files=[extra])
    osg = d.actors.match(["Osgiliath", "ruins"], 0)
    assert osg.length == 2 and osg.code_at(dt.date(2020, 1, 1)) == "OSR" and osg.code_at(dt.date(2018, 1, 1)) is None
    assert d.actors.lookup("gondor").code_at(None) == "GON" and len(d.verbs) == 1


def test_load_cache_follows_file_changes(tmp_path):
    f = write(tmp_path / "c.actors", "[A]\ncode = AAA\n")
    first = load_dictionaries(str(f))
    assert load_dictionaries(str(f)) is first and load_dictionaries(str(f), cache=False) is not first
    write(f, "[A]\ncode = BBB\n\n")
    assert load_dictionaries(str(f)).actors.lookup("a").code_at(None) == "BBB"


def test_load_errors_are_collected(tmp_path):
    write(tmp_path / "a.actors", "[A]\ncode = 12\n")
    write(tmp_path / "b.agents", "[b]\ncode = GOV\n")
    with pytest.raises(DictionaryError) as e:
        load_dictionaries(str(tmp_path))
    assert [(p.rsplit("/", 1)[-1], n) for p, n, _m in e.value.errors] == [("a.actors", 2), ("b.agents", 2)]
    d = load_dictionaries(str(tmp_path), strict=False)
    assert len(d.warnings) == 2 and len(d.actors) == 1
    with pytest.raises(DictionaryError, match="no such file"):
        load_dictionaries(str(tmp_path / "missing.actors"))
    with pytest.raises(DictionaryError, match="cannot tell"):
        load_dictionaries(str(write(tmp_path / "mystery.txt", "X\n")))


def test_detect_kind():
    assert detect_kind("Phoenix.Countries.actors.txt") == "petrarch-actors"
    assert detect_kind("PETR_Validate_verbs_2_02.txt") == "petrarch-verbs"
    assert detect_kind("CAMEO.2.0.txt") == "petrarch-verbs"
    assert detect_kind("PETR_Validate_Internal_Coding_Ontology_1_01.txt") == "pico"
    assert detect_kind("x.actors") == "actors" and detect_kind("Phoenix.IssueCoding.txt") == "ignore"
    assert detect_kind("readme.md") is None


def test_validation_xml_environment(tmp_path):
    small_dir(tmp_path)
    xml = write(tmp_path / "suite.xml", """
        <Validation>
        <PLEvent {"not": "xml"}>
        <Environment>
            <Verbfile>t.verbs.txt</Verbfile>
            <Actorfile>base.actors.txt</Actorfile>
            <Agentfile>t.agents.txt</Agentfile>
            <Errorfile>ignored.txt</Errorfile>
        </Environment>
        </Validation>
        """)
    d = load_dictionaries(str(xml))
    assert d.actors.lookup("gondor").code_at(None) == "GON" and len(d.agents) == 1 and len(d.discards) == 0
    assert check_file(xml) == []
    write(tmp_path / "bad.xml", "<Environment><Verbfile>nope.txt</Verbfile></Environment>")
    assert check_file(tmp_path / "bad.xml")[0][2] == "no such file"


# ---------------------------------------------------------------- shipped and shared data

@pytest.fixture(scope="module")
def shipped():
    return load_dictionaries()


def test_shipped_dictionaries(shipped):
    d = shipped
    assert len(d.actors) > 20000 and len(d.agents) > 2000 and d.verbs.pattern_count > 4500 and d.pico
    names = [p.rsplit("/", 1)[-1] for p, _k in d.files]
    assert names.index("current.actors") > max(i for i, n in enumerate(names) if n.startswith("phoenix"))
    m = d.actors.match(["Iran", "'s", "foreign", "minister"], 0)
    assert m.code_at(dt.date(2017, 1, 1)) == "IRN" and m.length == 1
    assert d.agents.match(["foreign", "minister"], 0).entry.marker.startswith("~GOV")
    assert d.verbs.lookup("said").code == "010"
    assert d.pico.cameo(d.pico.value("030") + d.pico.value("070")) == "033"
    assert all(check_file(p) == [] for p, _k in d.files)


def test_shipped_current_actors_override_phoenix(shipped):
    rouhani = shipped.actors.lookup("Hassan Rouhani")
    assert rouhani.path.endswith("current.actors")
    assert rouhani.code_at(dt.date(2017, 6, 1)) == "IRNGOV" and rouhani.role_at(dt.date(2017, 6, 1))


@pytest.mark.parametrize("xml", ["validation-2014/PETR.UnitTest.records.xml",
                                 "validation-2018/PETR_Validate_records_2_02.xml"])
def test_validation_suites_load_cleanly(shared, xml):
    d = load_dictionaries(str(shared / "petrarch" / xml))
    assert len(d.actors) > 100 and len(d.agents) > 80 and d.verbs.pattern_count > 300
    assert check_file(shared / "petrarch" / xml) == []
    gollum = d.actors.lookup("SMEAGOL")
    assert gollum.code_at(dt.date(1995, 5, 1)) == "HOB" and gollum.code_at(dt.date(1999, 9, 1)) == "HOBREB"


def test_phoenix_sources_report_their_real_errors(shared):
    errors = check_file(shared / "petrarch" / "dictionaries" / "CAMEO.2.0.txt")
    assert [line for _p, line, _m in errors] == [2374, 7606]


# ---------------------------------------------------------------- CLI

def run(*args):
    p = subprocess.run([sys.executable, "-m", "eventcoder", "dictionaries", *args], capture_output=True,
                       text=True, timeout=120)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def test_cli_check(tmp_path):
    good = write(tmp_path / "good.actors", "[A]\ncode = AAA\n")
    bad = write(tmp_path / "bad.agents.txt", "FINE [~OK]\nBROKEN [GOV]\n")
    p = run("check", str(good))
    assert p.returncode == 0 and p.stdout.startswith("ok: 1 file(s): 1 actors")
    p = run("check", str(good), str(bad))
    assert p.returncode == 1 and p.stdout.splitlines() == [
        f"{bad}:2: bad agent code [GOV]: use [~CODE] (after the actor code) or [CODE~] (before)"]


def test_cli_convert(tmp_path):
    src = write(tmp_path / "My.actors.txt", "RIVENDELL_ [RIV]\n\t[RIVGOV 20010101-20011231]\nBAD [X 99]\n")
    p = run("convert", str(src), "--out", str(tmp_path / "out"))
    assert p.returncode == 0 and "1 source lines left out" in p.stdout and ":3: left out" in p.stderr
    d = load_dictionaries(str(tmp_path / "out" / "my.actors"))
    assert d.actors.lookup("rivendell").code_at(dt.date(2001, 6, 1)) == "RIVGOV"
