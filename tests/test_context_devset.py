"""Accuracy of actor resolution in context on tests/data/devset_actors.jsonl (our own sentences).

Run with ``-s`` to see the accuracy per kind. "dev" records were used while building the resolvers;
"heldout" records were written afterwards and scored before any change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.actors.context_devset import read_devset, score
from eventcoder.registry import stages

DEVSET = Path(__file__).parent / "data" / "devset_actors.jsonl"
KINDS = {"role", "metonym", "place", "pronoun", "description", "title", "date"}


@pytest.fixture(scope="module")
def result():
    from eventcoder import Coder
    names = ["actors", "actor_context"] if "actors" in stages else ["actor_context"]
    return score(read_devset(DEVSET), Coder(stages=names))


def test_devset_is_big_and_covers_every_kind():
    recs = read_devset(DEVSET)
    assert len(recs) >= 60
    assert {r["kind"] for r in recs} == KINDS
    assert len({r["id"] for r in recs}) == len(recs)


def test_devset_accuracy(result):
    print("\nactor_context devset:", json.dumps(
        {k: f"{v['correct']}/{v['total']}" for k, v in sorted(result["per_kind"].items())}),
        f"overall {result['overall']['accuracy']:.3f}")
    for f in result["failures"]:
        print("  miss:", f)
    assert result["overall"]["accuracy"] >= 0.9
    for kind, v in result["per_kind"].items():
        assert v["accuracy"] >= 0.75, (kind, result["failures"])


def test_demo_article(shared):
    """The 2017 op-ed: the actors, the metonyms and the places named in the brief."""
    from eventcoder import Coder
    text = (shared / "seed" / "000_7b84ba0340bfc4e5.txt").read_text(encoding="utf-8")
    names = ["actors", "actor_context"] if "actors" in stages else ["actor_context"]
    from eventcoder.model import Article
    adoc = next(Coder(stages=names).pipe_docs([Article("demo", text, __import__("datetime").date(2017, 11, 28))]))
    by_text: dict[str, set] = {}
    for m in adoc.mentions:
        by_text.setdefault(m.text, set()).add(m.code)
    for name, code in [("Putin", "RUSGOV"), ("Assad", "SYRGOV"), ("Trump", "USAGOV"), ("Hassan Rouhani", "IRNGOV"),
                       ("Recep Tayyip Erdogan", "TURGOV"), ("Washington", "USAGOV"), ("Tehran", "IRNGOV"),
                       ("Damascus", "SYRGOV")]:
        assert by_text.get(name) == {code}, (name, by_text.get(name))
    rouhani = next(m for m in adoc.mentions if m.text == "Hassan Rouhani")
    assert any("was president on 2017-11-28" in w for w in rouhani.warnings)
    for place in ("Sochi", "Geneva", "Idlib", "Vietnam"):
        assert place not in by_text, place
    moscow = [m for m in adoc.mentions if m.text == "Moscow"]
    assert len(moscow) == 1 and moscow[0].code == "RUSGOV"  # "work with Moscow" yes, "flew to Moscow" no
    assert sorted(m.code for m in adoc.mentions if m.text == "They") == ["IRNGOV", "RUSGOV", "TURGOV"]
