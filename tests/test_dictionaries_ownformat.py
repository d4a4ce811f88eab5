"""Our own actor/agent/discard formats: reading, errors with line numbers, and write -> read round trips."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from eventcoder.dictionaries import ActorEntry, AgentEntry, CodeSpan, DiscardEntry
from eventcoder.dictionaries.ownformat import (
    read_actors,
    read_agents,
    read_discards,
    write_actors,
    write_agents,
    write_discards,
)

ACTORS = """
# the actor base of an imaginary region
[Ilsa Varga]                       # a person
alias = Varga | I. Varga
alias = Ilsa  Varga-Horn
type = person
country = QRM
code = QRMELI
code = QRMGOV 2013-08-03 .. 2021-08-03 | president
code = QRMGOV 2024 .. | prime minister
code = --- .. 1990-05

[Querimia]
type = country
country = QRM
code = QRM
"""


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip("\n"))
    return p


def test_read_actors(tmp_path):
    entries, errors = read_actors(write(tmp_path, "a.actors", ACTORS))
    assert errors == []
    varga, querimia = entries
    assert varga.aliases == ("Varga", "I. Varga", "Ilsa Varga-Horn")
    assert (varga.type, varga.country, varga.line) == ("person", "QRM", 2)
    assert varga.codes[1] == CodeSpan("QRMGOV", dt.date(2013, 8, 3), dt.date(2021, 8, 3), "president")
    assert varga.codes[2].start == dt.date(2024, 1, 1) and varga.codes[2].end is None
    assert varga.codes[3] == CodeSpan(None, None, dt.date(1990, 5, 31))  # month end, null code
    assert varga.code_at(dt.date(2021, 8, 3)) == "QRMGOV" and varga.role_at(dt.date(2021, 8, 3)) == "president"
    assert varga.code_at(dt.date(2022, 1, 1)) == "QRMELI" and varga.role_at(dt.date(2022, 1, 1)) is None
    assert varga.role_at(dt.date(2025, 3, 1)) == "prime minister"
    assert varga.code_at(dt.date(1989, 1, 1)) is None
    assert querimia.code_at(None) == "QRM"


def test_actor_errors_have_line_numbers(tmp_path):
    text = """
    alias = Orphan
    [Good]
    code = GOD 2020-02-30 ..
    code = GOD 2021 .. 2020
    code = GOD 2020
    code = 2020 ..
    code = G@D
    type = planet
    country = Q1
    colour = blue
    just words
    [Unclosed
    code = GOD | leader
    """
    entries, errors = read_actors(write(tmp_path, "e.actors", text))
    assert [line for _p, line, _m in errors] == [1, *range(3, 14)]
    msgs = dict((line, m) for _p, line, m in errors)
    assert "before any [Name]" in msgs[1] and "no such day" in msgs[3] and "ends before" in msgs[4]
    assert "FROM .. TO" in msgs[5] and "unknown key 'colour'" in msgs[10] and "bad type" in msgs[8]
    assert "code missing" in msgs[6] and "bad code" in msgs[7] and "ISO3" in msgs[9] and "[Name]" in msgs[12]
    assert [e.name for e in entries] == ["Good"]  # the code after the bad header is not attached to Good
    assert entries[0].codes == () and entries[0].type is None


def test_actor_round_trip(tmp_path):
    entries, _ = read_actors(write(tmp_path, "a.actors", ACTORS))
    extra = ActorEntry("Odd (Name) & Co.", ("O'Neil's Group",), (CodeSpan("XYZ", dt.date(2001, 2, 3)),))
    text = write_actors([*entries, extra], header="round trip\nsecond line")
    again, errors = read_actors(write(tmp_path, "b.actors", text))
    assert errors == [] and again == [*entries, extra]
    assert write_actors(again, header="round trip\nsecond line") == text


AGENTS = """
[foreign minister]
alias = top diplomat
plural = foreign ministers | top diplomats
code = ~GOVFRM
role = foreign minister

[rights group]
code = NGO~
"""


def test_agents_read_and_round_trip(tmp_path):
    entries, errors = read_agents(write(tmp_path, "a.agents", AGENTS))
    assert errors == []
    fm, ngo = entries
    assert (fm.code, fm.prefix, fm.aliases, fm.plurals, fm.role) == (
        "GOVFRM", False, ("top diplomat",), ("foreign ministers", "top diplomats"), "foreign minister")
    assert ngo.prefix and ngo.apply("USA") == "NGOUSA" and fm.apply("IRN") == "IRNGOVFRM"
    again, errors = read_agents(write(tmp_path, "b.agents", write_agents(entries)))
    assert errors == [] and again == entries
    extra = AgentEntry("harbor master", "HBR", plurals=("harbor masters",))
    assert read_agents(write(tmp_path, "c.agents", write_agents([extra])))[0] == [extra]


def test_agent_errors(tmp_path):
    text = "[no code]\nalias = x\n[bad]\ncode = GOV\n[twice]\ncode = ~A\ncode = ~B\nrole = r\n"
    entries, errors = read_agents(write(tmp_path, "e.agents", text))
    assert [line for _p, line, _m in errors] == [1, 4, 7]
    assert [e.code for e in entries] == ["B"]


def test_discards_read_errors_and_round_trip(tmp_path):
    text = "# sports\n+harvest festival\nchess*\nworld cup  # comment\nbad*word\n+\n"
    entries, errors = read_discards(write(tmp_path, "d.discards", text))
    assert [line for _p, line, _m in errors] == [5, 6]
    assert entries == [DiscardEntry("harvest festival", True, False), DiscardEntry("chess", False, True),
                       DiscardEntry("world cup")]
    again, errors = read_discards(write(tmp_path, "e.discards", write_discards(entries)))
    assert errors == [] and again == entries


@pytest.mark.parametrize("module", ["common", "trie", "actors", "agents", "discards", "verbs", "pico",
                                    "ownformat", "petrarch_verbs"])
def test_docstring_examples(module):
    import doctest
    import importlib

    mod = importlib.import_module(f"eventcoder.dictionaries.{module}")
    result = doctest.testmod(mod)
    assert result.failed == 0 and result.attempted > 0
