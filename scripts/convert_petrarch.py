#!/usr/bin/env python3
"""Convert PETRARCH2's Phoenix dictionaries into the files eventcoder ships (src/eventcoder/data/dictionaries/).

    python scripts/convert_petrarch.py [--src ../shared/petrarch] [--out src/eventcoder/data/dictionaries]

* Phoenix.{Countries,International,MilNonState}.actors.txt -> phoenix.<name>.actors (our format)
* Phoenix.agents.txt -> phoenix.agents, Phoenix.discards.txt -> phoenix.discards (our format)
* CAMEO.2.0.txt -> cameo.patterns (our line format for verb patterns)
* validation-2018/PETR_Validate_Internal_Coding_Ontology_1_01.txt -> petrarch.pico

Source lines with errors are left out and listed on stderr. The sources are MIT-licensed (Open Event Data
Alliance, openeventdata/petrarch2 and openeventdata/UniversalPetrarch); every file keeps the credit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventcoder.dictionaries.convert import convert_file  # noqa: E402
from eventcoder.errors import DictionaryError  # noqa: E402

CREDIT = """Converted for eventcoder by scripts/convert_petrarch.py from {source} of {project}.
Copyright (c) 2014-2017 Open Event Data Alliance. MIT License:
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE.
"""

PETRARCH2 = "PETRARCH2 (https://github.com/openeventdata/petrarch2)"
UPETRARCH = "UniversalPetrarch (https://github.com/openeventdata/UniversalPetrarch)"

# (source relative to --src, target name, project)
FILES = [
    ("dictionaries/Phoenix.Countries.actors.txt", "phoenix.countries.actors", PETRARCH2),
    ("dictionaries/Phoenix.International.actors.txt", "phoenix.international.actors", PETRARCH2),
    ("dictionaries/Phoenix.MilNonState.actors.txt", "phoenix.milnonstate.actors", PETRARCH2),
    ("dictionaries/Phoenix.agents.txt", "phoenix.agents", PETRARCH2),
    ("dictionaries/Phoenix.discards.txt", "phoenix.discards", PETRARCH2),
    ("dictionaries/CAMEO.2.0.txt", "cameo.patterns", PETRARCH2),
    ("validation-2018/PETR_Validate_Internal_Coding_Ontology_1_01.txt", "petrarch.pico", UPETRARCH),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", default=str(ROOT.parent / "shared" / "petrarch"), help="the PETRARCH folder")
    ap.add_argument("--out", default=str(ROOT / "src" / "eventcoder" / "data" / "dictionaries"))
    args = ap.parse_args(argv)
    src, out = Path(args.src), Path(args.out)
    missing = [rel for rel, _t, _p in FILES if not (src / rel).is_file()]
    if missing:
        print(f"error: {src} lacks {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        for rel, target, project in FILES:
            path, count, errors = convert_file(src / rel, out, CREDIT.format(source=Path(rel).name,
                                                                             project=project), name=target)
            for p, line, msg in errors:
                print(f"{p}:{line}: left out: {msg}", file=sys.stderr)
            print(f"{path.name}: {count} entries" + (f", {len(errors)} source lines left out" if errors else ""))
    except DictionaryError as e:
        for p, line, msg in e.errors:
            print(f"{p}:{line}: {msg}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
