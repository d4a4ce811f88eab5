"""Report the accuracy of the places and dates stages on tests/data/devset_world.jsonl.

    python scripts/eval_world.py [PATH] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventcoder.world.evaluate import evaluate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(ROOT / "tests" / "data" / "devset_world.jsonl"))
    ap.add_argument("--misses", action="store_true", help="list the records each stage got wrong")
    args = ap.parse_args()
    report = evaluate(args.path)
    for kind, acc in report["accuracy"].items():
        c = report["counts"][kind]
        print(f"{kind:7s} accuracy {acc:.3f} ({c['right']}/{c['total']})")
    if args.misses:
        for m in report["misses"]:
            print(json.dumps(m, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
