"""Text renderings of an evaluation ``Report`` (the CLI prints these)."""

from __future__ import annotations

from eventcoder.evaluate.records import Triple
from eventcoder.evaluate.score import Report


def _t(t: Triple) -> str:
    s, g, c = t
    return f"{s or '---'} {g or '---'} {c}"


def summary_text(report: Report) -> str:
    tot = report.total
    lines = [f"records: {tot.records} scored ({report.skipped} not evaluated)   {report.path}",
             f"precision {tot.precision:.3f}  recall {tot.recall:.3f}  F1 {tot.f1:.3f}   "
             f"(tp {tot.tp}, fp {tot.fp}, fn {tot.fn})   exact records {tot.exact}/{tot.records}"
             f" ({(tot.exact / tot.records if tot.records else 0):.3f})",
             "",
             f"{'category':<12}{'records':>8}{'P':>8}{'R':>8}{'F1':>8}{'exact':>8}"]
    for cat, c in report.by_category().items():
        prf = f"{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}" if c.scored else f"{'n/a':>8}{'n/a':>8}{'n/a':>8}"
        lines.append(f"{cat:<12}{c.records:>8}{prf}{(c.exact / c.records if c.records else 0):>8.3f}"
                     + ("" if c.scored else f"   (no events expected; {c.fp} false positive(s))"))
    return "\n".join(lines)


def diff_text(report: Report) -> str:
    out: list[str] = []
    for r in report.results:
        if r.exact:
            continue
        rec = r.record
        out.append(f"== {rec.id} [{rec.category}] {rec.text}")
        for t in r.missed:
            out.append(f"   miss  {_t(t)}")
        for p in r.false_pos:
            out.append(f"   extra {_t(p.triple)}   trigger {p.trigger!r}  {p.pattern}")
    return "\n".join(out)
