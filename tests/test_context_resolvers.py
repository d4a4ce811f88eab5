"""The actor_context stage, resolver by resolver, on sentences parsed with spaCy (stage alone: no dictionary
matches from the actors stage, so every mention here comes from the context resolvers)."""

from __future__ import annotations

import pytest

from eventcoder.api import parse_date
from eventcoder.model import Article, Event, Mention
from eventcoder.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(["actor_context"])


def mentions(pipe: Pipeline, text: str, date: str | None = "2017-11-28",
             given: list[tuple[str, str]] = (), entry: str | None = None) -> list[Mention]:
    """Run the stage; ``given`` pre-seeds mentions as the actors stage would (words, code)."""
    doc = pipe.nlp(text)
    art = Article("t", text, parse_date(date))
    from eventcoder.nlp import sentences
    from eventcoder.pipeline import ArticleDoc
    adoc = ArticleDoc(art, doc, sentences(doc, "t"))
    for words, code in given:
        start = text.index(words)
        span = doc.char_span(start, start + len(words))
        adoc.mentions.append(Mention(words, code, span.start, span.end, (start, start + len(words)),
                                     0, kind="name", entry=entry or words, head=span.root.i))
    for _name, stage in pipe.stages:
        stage(adoc)
    return adoc.mentions


def codes(ms: list[Mention], text: str) -> list[str]:
    return sorted(m.code or "-" for m in ms if m.text == text)


# -- role phrases ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,words,code", [
    ("Russian forces shelled the town on Tuesday.", "Russian forces", "RUSMIL"),
    ("U.S. officials said the talks had stalled.", "U.S. officials", "USAGOV"),
    ("The Syrian army retook the hill.", "Syrian army", "SYRMIL"),
    ("Iran's foreign minister rejected the charge.", "Iran's foreign minister", "IRNGOV"),
    ("Egyptian police detained the journalists.", "Egyptian police", "EGYCOP"),
    ("Sudanese Prime Minister Omar Tahir Jalil resigned.", "Sudanese Prime Minister Omar Tahir Jalil", "SDNGOV"),
])
def test_role_phrases(pipe, text, words, code):
    assert codes(mentions(pipe, text), words) == [code]


def test_role_phrase_modifying_another_noun_is_no_actor(pipe):
    ms = mentions(pipe, "The Russian military base was expanded.")
    assert not [m for m in ms if "Russian" in m.text]


def test_predicate_role_is_no_new_actor(pipe):
    ms = mentions(pipe, "Trump became U.S. president in January.")
    assert [m.text for m in ms] == ["Trump"]


def test_proxy_country_is_not_the_actor(pipe):
    ms = mentions(pipe, "Iranian-backed militias fired rockets at the base.", given=[("Iranian", "IRN")])
    assert not [m for m in ms if m.code and m.code.startswith("IRN")]


def test_title_is_absorbed_into_a_known_name(pipe):
    ms = mentions(pipe, "Turkish President Recep Tayyip Erdogan spoke.",
                  given=[("Turkish President", "TURGOV")])
    assert [(m.text, m.code) for m in ms] == [("Recep Tayyip Erdogan", "TURGOV")]


# -- metonymy vs place -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,words,code", [
    ("Washington sought to work more closely with its allies.", "Washington", "USAGOV"),
    ("The sanctions aim to prevent Tehran from extending its reach.", "Tehran", "IRNGOV"),
    ("They are united in support of Damascus.", "Damascus", "SYRGOV"),
    ("The Damascus government rejected the plan.", "Damascus government", "SYRGOV"),
    ("Paris summoned the ambassador after Ankara's remarks.", "Ankara", "TURGOV"),
    ("The allies sent a warning to Pyongyang.", "Pyongyang", "PRKGOV"),
    ("The Kremlin denied the report.", "Kremlin", "RUSGOV"),
])
def test_capital_as_actor(pipe, text, words, code):
    assert codes(mentions(pipe, text), words) == [code]


@pytest.mark.parametrize("text,city", [
    ("Assad flew to Moscow to meet Putin.", "Moscow"),
    ("The talks resumed in Geneva on Monday.", "Geneva"),
    ("He wants to shape political outcomes in Damascus.", "Damascus"),
    ("Protesters gathered outside the embassy in Ankara.", "Ankara"),
    ("The delegation arrived from Beijing late on Sunday.", "Beijing"),
])
def test_capital_as_place(pipe, text, city):
    assert not [m for m in mentions(pipe, text) if city in m.text]


def test_place_mention_from_the_actors_stage_is_removed(pipe):
    ms = mentions(pipe, "Putin and Erdogan met in Sochi, Russia, on Wednesday.",
                  given=[("Sochi", "RUS"), ("Russia", "RUS")])
    assert sorted(m.text for m in ms) == ["Erdogan", "Putin"]


def test_capital_in_a_longer_name_is_no_actor(pipe):
    assert not mentions(pipe, "The Washington Post published the letter.")


# -- pronouns and descriptions -----------------------------------------------------------------------------

def test_he_is_the_subject_of_the_previous_sentence(pipe):
    ms = mentions(pipe, "Putin has seized the moment. When he met Trump, the two men issued a statement.")
    assert codes(ms, "he") == ["RUSGOV"]
    assert codes(ms, "the two men") == ["RUSGOV", "USAGOV"]


def test_his_in_the_same_sentence(pipe):
    ms = mentions(pipe, "Assad and his allies were quick to seize on the threat.")
    assert codes(ms, "his") == ["SYRGOV"]


def test_she_skips_a_man(pipe):
    ms = mentions(pipe, "Putin called Merkel on Friday. She urged restraint.", date="2020-08-21")
    assert codes(ms, "She") == ["DEUGOV"]


def test_they_is_the_last_coordination(pipe):
    text = ("Putin, Iranian Prime Minister Hassan Rouhani and Turkish President Recep Tayyip Erdogan met in "
            "Sochi. They are united in support of Damascus. The three governments agreed on a ceasefire that "
            "would prevent a clash between those three armed forces.")
    ms = mentions(pipe, text)
    assert codes(ms, "They") == ["IRNGOV", "RUSGOV", "TURGOV"]
    assert codes(ms, "The three governments") == ["IRNGOV", "RUSGOV", "TURGOV"]
    assert codes(ms, "those three armed forces") == ["IRNMIL", "RUSMIL", "TURMIL"]


def test_they_for_a_thing_stays_unresolved(pipe):
    ms = mentions(pipe, "Russia and Turkey backed the talks. The talks began in 2014, but they stalled.",
                  given=[("Russia", "RUS"), ("Turkey", "TUR")])
    assert codes(ms, "they") == []


def test_he_without_a_person_stays_unresolved(pipe):
    assert codes(mentions(pipe, "The visit was planned for months. He arrived on Saturday."), "He") == []


def test_definite_description_uses_the_article_then_the_base(pipe):
    ms = mentions(pipe, "Talks will focus on Putin. The Russian leader has been busy.")
    assert [(m.code, m.entry) for m in ms if m.text == "The Russian leader"] == [("RUSGOV", "Vladimir Putin")]
    for date, who in (("2019-05-01", "Hassan Rouhani"), ("2022-05-01", "Ebrahim Raisi")):
        ms = mentions(pipe, "The Iranian president warned the West.", date=date)
        assert [(m.code, m.entry) for m in ms if m.kind == "description"] == [("IRNGOV", who)]


# -- dates and the title check -----------------------------------------------------------------------------

def test_trump_is_coded_for_the_article_date(pipe):
    text = "Trump criticised the trade deal."
    assert codes(mentions(pipe, text, date="2019-03-01"), "Trump") == ["USAGOV"]
    assert codes(mentions(pipe, text, date="2023-03-01"), "Trump") == ["USAELI"]


def test_actors_stage_code_is_redated(pipe):
    ms = mentions(pipe, "Trump criticised the trade deal.", date="2023-03-01", given=[("Trump", "USAGOV")],
                  entry="Donald Trump")
    assert codes(ms, "Trump") == ["USAELI"]


def test_rouhani_title_warning_keeps_the_base_code(pipe):
    ms = mentions(pipe, "Iranian Prime Minister Hassan Rouhani met Putin in Sochi.")
    (r,) = [m for m in ms if m.text == "Hassan Rouhani"]
    assert r.code == "IRNGOV"
    assert r.warnings == [
        "title 'Prime Minister' contradicts actor base: Hassan Rouhani was president on 2017-11-28"]
    putin = next(m for m in ms if m.text == "Putin")
    ev = Event("t", "t:0", r, putin, "036", "met", (0, 1), "test")
    assert ev.to_dict()["warnings"] == r.warnings


@pytest.mark.parametrize("text,date", [
    ("President Erdogan criticised the court.", "2016-03-02"),
    ("Prime Minister Erdogan visited the region.", "2012-05-03"),
    ("Former President Donald Trump spoke at a rally.", "2023-04-02"),
    ("President Trump spoke at a rally.", "2023-04-02"),
])
def test_no_title_warning_when_consistent(pipe, text, date):
    assert all(not m.warnings for m in mentions(pipe, text, date=date))


def test_title_warning_for_wrong_office_and_wrong_country(pipe):
    ms = mentions(pipe, "President Erdogan visited the region.", date="2012-05-03")
    assert ms[0].warnings == ["title 'President' contradicts actor base: Recep Tayyip Erdogan was prime minister "
                              "on 2012-05-03"]
    ms = mentions(pipe, "Turkish President Ebrahim Raisi spoke.", date="2022-11-01")
    assert "is from IRN" in ms[0].warnings[0]


def test_no_date_means_default_codes_and_no_title_check(pipe):
    ms = mentions(pipe, "Prime Minister Hassan Rouhani spoke.", date=None)
    assert [(m.code, m.warnings) for m in ms] == [("IRNELI", [])]


def test_stage_config_is_checked():
    from eventcoder.errors import ConfigError
    with pytest.raises(ConfigError):
        Pipeline(["actor_context"], config={"actor_context": {"nonsense": 1}})
    with pytest.raises(ConfigError):
        Pipeline(["actor_context"], config={"actor_context": {"resolvers": ["names", "nope"]}})


@pytest.mark.parametrize("text", ["", "   \n", "he", "They.", "The two men.", "Washington", "IS IS IS"])
def test_degenerate_inputs_do_not_break(pipe, text):
    for date in (None, "2020-01-01"):
        assert isinstance(mentions(pipe, text, date=date), list)


def test_acronym_is_case_sensitive(pipe):
    assert codes(mentions(pipe, "IS claimed the attack."), "IS") == ["IMGMUSISI"]
    assert not mentions(pipe, "It is claimed that the attack failed.")
    assert not [m for m in mentions(pipe, "TRUMP IS BACK IN TOWN") if m.text == "IS"]


def test_name_inside_a_longer_name_is_not_the_known_person(pipe):
    ms = mentions(pipe, "Maher al-Assad commands the Fourth Division.", date="2019-03-01",
                  given=[("al-Assad", "SYRGOV")])
    assert not [m for m in ms if m.code == "SYRGOV"]


def test_country_completing_a_verb_stays_an_actor(pipe):
    ms = mentions(pipe, "Qatar will invest in Egypt. The ministers met in Egypt.", date="2019-03-01",
                  given=[("Egypt", "EGY")])  # only the first "Egypt" is seeded
    assert codes(ms, "Egypt") == ["EGY"]


def test_with_a_users_own_dictionaries_the_real_world_base_adds_nothing():
    from eventcoder.pipeline import Resources
    custom = Pipeline(["actor_context"], resources=Resources(dictionaries="their-own-dictionaries"))
    assert not mentions(custom, "Trump criticised the trade deal.", date="2019-03-01")
    ms = mentions(custom, "Pyongyang fired two shells at Seoul.", date="2019-03-01",
                  given=[("Pyongyang", "PRK"), ("Seoul", "KOR")])
    assert [(m.text, m.code) for m in ms] == [("Pyongyang", "PRK"), ("Seoul", "KOR")]


def test_country_after_in_is_a_place_only_where_something_took_place(pipe):
    ms = mentions(pipe, "Trump met Kim Jong Un in Singapore.", date="2018-06-12", given=[("Singapore", "SGP")])
    assert not codes(ms, "Singapore")
    ms = mentions(pipe, "The president appealed for peace in Yemen.", date="2018-06-12", given=[("Yemen", "YEM")])
    assert codes(ms, "Yemen") == ["YEM"]


def test_name_joined_with_an_agent_keeps_its_code(pipe):
    ms = mentions(pipe, "Myanmar's military seized power.", date="2021-02-01",
                  given=[("Myanmar's military", "MMRMIL")], entry="Myanmar+Military")
    assert [(m.text, m.code) for m in ms] == [("Myanmar's military", "MMRMIL")]


def test_demonym_or_country_with_possessive_before_a_role(pipe):
    assert codes(mentions(pipe, "Turkey's army shelled the positions."), "Turkey's army") == ["TURMIL"]
