"""Score the ``actor_context`` stage on a development set (``tests/data/devset_actors.jsonl``).

Each record: ``id``, ``kind`` (role | metonym | place | pronoun | description | title | date), ``date``,
``text``; ``expect``: ``[{"text", "codes", "entry"?, "warning"?}]`` (the mentions over exactly these words
must carry exactly these codes; ``warning`` a substring of a warning, or null for "no warning"); ``absent``:
words that must not be an actor mention. Each expectation scores one point for the record's kind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventcoder.errors import InputError
from eventcoder.model import Article, Mention


def read_devset(path: str | Path) -> list[dict[str, Any]]:
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e}") from e
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: {e}") from e
    return out


def check_record(rec: dict[str, Any], mentions: list[Mention]) -> list[tuple[str, bool, str]]:
    """(what, ok, detail) for each expectation of one record."""
    results = []
    def same(a: str, b: str) -> bool:  # a leading article does not matter: "the Taliban" = "Taliban"
        return _bare(a) == _bare(b)

    for exp in rec.get("expect", []):
        ms = [m for m in mentions if same(m.text, exp["text"])]
        codes = sorted(m.code or "-" for m in ms)
        ok = codes == sorted(exp["codes"])
        detail = f"{exp['text']!r}: got {codes}, want {sorted(exp['codes'])}"
        if ok and exp.get("entry"):
            ok = all(m.entry == exp["entry"] for m in ms)
            detail += f" entry {[m.entry for m in ms]}"
        if ok and "warning" in exp:
            warns = [w for m in ms for w in m.warnings]
            ok = (not warns) if exp["warning"] is None else any(exp["warning"] in w for w in warns)
            detail += f" warnings {warns}"
        results.append((exp["text"], ok, detail))
    for words in rec.get("absent", []):
        hit = [m for m in mentions if same(m.text, words) or m.text.endswith(" " + words)]
        results.append((words, not hit, f"{words!r} should be no actor: got {[(m.text, m.code) for m in hit]}"))
    return results


def _bare(text: str) -> str:
    t = text.strip()
    return t[4:] if t.lower().startswith("the ") else t


def score(records: Iterable[dict[str, Any]], coder) -> dict[str, Any]:
    """Run ``coder`` (an ``eventcoder.Coder``) on every record; accuracy per kind and the failures."""
    from eventcoder.api import parse_date

    recs = list(records)
    arts = [Article(id=r["id"], text=r["text"], date=parse_date(r.get("date"))) for r in recs]
    per: dict[str, list[int]] = {}
    failures = []
    for rec, adoc in zip(recs, coder.pipe_docs(arts), strict=True):
        for _what, ok, detail in check_record(rec, adoc.mentions):
            c = per.setdefault(rec["kind"], [0, 0])
            c[0] += ok
            c[1] += 1
            if not ok:
                failures.append(f"{rec['id']} {rec['kind']}: {detail}")
    total = [sum(v[0] for v in per.values()), sum(v[1] for v in per.values())]
    return {"per_kind": {k: {"correct": v[0], "total": v[1], "accuracy": v[0] / v[1]} for k, v in per.items()},
            "overall": {"correct": total[0], "total": total[1], "accuracy": total[0] / max(total[1], 1)},
            "records": len(recs), "failures": failures}
