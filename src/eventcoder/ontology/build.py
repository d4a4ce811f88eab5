"""Build the shipped ontology table from the reference TSVs (a developer tool, not used at run time).

    python -m eventcoder.ontology.build ANCHORS_TSV CODEBOOK_TSV OUT_DIR

``ANCHORS_TSV`` is ``cameo_eventcodes_goldstein_quad_plover.tsv`` (names, Goldstein, GDELT QuadClass, PLOVER
event and mode); ``CODEBOOK_TSV`` is the CAMEO 1.1b3 codebook (names, Goldstein for codes the first lacks).
Writes ``cameo.tsv`` and ``plover_modes.tsv`` into ``OUT_DIR``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from eventcoder.ontology.table import COLUMNS, quad_class_of_root


def _read(path: str | Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return {r["code"].strip(): r for r in csv.DictReader(f, delimiter="\t")}


def _clean(v: str | None) -> str:
    v = (v or "").strip()
    return "" if v in ("NA", "(dropped)") else v


def build_rows(anchors_tsv: str | Path, codebook_tsv: str | Path) -> list[dict[str, str]]:
    anchors = _read(anchors_tsv)
    book = _read(codebook_tsv)
    rows = []
    for code in sorted(set(anchors) | set(book), key=lambda c: (c[:2], c)):
        a, b = anchors.get(code, {}), book.get(code, {})
        root = code[:2]
        name = _clean(a.get("name_cameo_manual_1_1b3")) or _clean(b.get("name")) or _clean(a.get("name_gdelt_lookup"))
        gold = _clean(a.get("goldstein_gdelt")) or _clean(b.get("goldstein"))
        rows.append({
            "code": code, "name": name, "root": root, "goldstein": gold,
            "quad_class": str(quad_class_of_root(root)),
            "plover": _clean(a.get("plover_event")), "plover_mode": _clean(a.get("plover_mode")),
            "plover_context": _clean(a.get("plover_context")),
        })
    return rows


def write(rows: list[dict[str, str]], out_dir: str | Path, plover_scores: str | Path | None = None) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "cameo.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# CAMEO event codes. Names and Goldstein: CAMEO codebook 1.1b3 (via andybega/icews, MIT) and GDELT\n")
        f.write("# lookups; quad_class: GDELT convention (01-05:1, 06-09:2, 10-14:3, 15-20:4); plover, plover_mode,\n")
        f.write("# plover_context: openeventdata/PLOVER CAMEO2PLOVER-2021 (CC BY-SA 4.0). Empty plover = dropped.\n")
        w = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    modes: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["plover"]:
            key = (r["plover"], r["plover_mode"])
            modes[key] = modes.get(key, 0) + 1
    with open(out / "plover_modes.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# PLOVER 2021 event types and modes used by the CAMEO mapping (openeventdata/PLOVER, CC BY-SA 4.0)\n")
        f.write("plover\tplover_mode\tcameo_codes\n")
        for (ev, mode), n in sorted(modes.items()):
            f.write(f"{ev}\t{mode}\t{n}\n")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        raise SystemExit(__doc__)
    write(build_rows(argv[0], argv[1]), argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
