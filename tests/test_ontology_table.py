"""The shipped ontology table and the ``ontology`` stage."""

from __future__ import annotations

import pytest

from eventcoder.model import Event, Mention
from eventcoder.ontology import load_ontology, quad_class_of_root
from eventcoder.ontology.table import read_table


def test_quad_class_convention():
    assert [quad_class_of_root(r) for r in ("01", "05", "06", "09", "10", "14", "15", "20")] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert quad_class_of_root("xx") is None and quad_class_of_root("21") is None


def test_shipped_table():
    o = load_ontology()
    assert len(o) > 300
    for info in o.codes.values():
        assert info.root == info.code[:2]
        assert info.quad_class == quad_class_of_root(info.root)
    a = o.attributes("190")
    assert a["root"] == "19" and a["quad_class"] == 4 and a["plover"] == "ASSAULT" and a["goldstein"] < 0
    assert "mapped_from" not in a


@pytest.mark.parametrize("code, parent", [("075A", "075"), ("1052A", "1052"), ("0879", "087"), ("1999", "19")])
def test_unknown_codes_map_to_nearest_parent(code, parent):
    a = load_ontology().attributes(code)
    assert a["ontology_code"] == parent and a["mapped_from"] == code


def test_unmapped_code():
    assert load_ontology().attributes("999")["unmapped"] is True


def test_bad_table(tmp_path):
    from eventcoder.errors import ConfigError
    p = tmp_path / "t.tsv"
    p.write_text("code\tname\n01\tx\n")
    with pytest.raises(ConfigError, match="lacks columns"):
        read_table(p)


def test_stage_fills_attributes():
    from types import SimpleNamespace

    from eventcoder.ontology import make_ontology_stage
    m = Mention("A", "AAA", 0, 1, (0, 1), 0)
    ev = Event("a", "a:0", m, m, "0356", "agreed", (0, 6), "p")
    adoc = SimpleNamespace(events=[ev], note=lambda *a, **k: None)
    make_ontology_stage(SimpleNamespace(ontology=load_ontology()))(adoc)
    assert ev.attributes["root"] == "03" and ev.attributes["quad_class"] == 1
    assert ev.to_dict()["quad_class"] == 1
