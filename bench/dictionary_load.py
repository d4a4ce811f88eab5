"""Load time and memory of the shipped dictionaries, each part in a fresh process.

    python bench/dictionary_load.py [--rounds N] [--json]

Parts: ``actors`` (every shipped *.actors file: converted Phoenix files + current.actors, plus the agents and
discards), ``verbs`` (cameo.patterns + PICO) and ``all`` (``load_dictionaries()``). For each: the best wall time
of N fresh processes (import excluded), the best CPU time (what an idle machine would take; wall time grows
when other processes compete for the cores) and the peak RSS of the process with the RSS before loading (Python
and the package imported) for reference. Targets: actor base < 2 s and < 500 MB; verbs well under 1 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {src!r})
from eventcoder.dictionaries import loader
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
part = {part!r}
files = loader.resolve_spec(None)
if part == "actors":
    files = [(p, k) for p, k in files if loader.READERS[k][0] in ("actors", "agents", "discards")]
elif part == "verbs":
    files = [(p, k) for p, k in files if loader.READERS[k][0] in ("verbs", "pico")]
t, c = time.perf_counter(), time.process_time()
d, _errors = loader.load_files(files)
seconds, cpu = time.perf_counter() - t, time.process_time() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "cpu": cpu, "peak_mb": peak / 1024, "base_mb": before / 1024,
                  "actors": len(d.actors), "names": d.actors.phrase_count, "agents": len(d.agents),
                  "patterns": d.verbs.pattern_count}}))
"""


def measure(part: str, rounds: int) -> dict:
    runs = []
    for _ in range(rounds):
        out = subprocess.run([sys.executable, "-c", CHILD.format(src=str(ROOT / "src"), part=part)],
                             capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out))
    best = min(runs, key=lambda r: r["seconds"])
    best["cpu"] = min(r["cpu"] for r in runs)
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = {part: measure(part, args.rounds) for part in ("actors", "verbs", "all")}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for part, r in results.items():
        print(f"{part:7} {r['seconds']:.2f} s wall, {r['cpu']:.2f} s CPU   peak RSS {r['peak_mb']:.0f} MB (before loading "
              f"{r['base_mb']:.0f} MB)   {r['actors']} actors / {r['names']} names, {r['agents']} agents, "
              f"{r['patterns']} patterns")


if __name__ == "__main__":
    main()
