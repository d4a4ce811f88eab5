"""``eventcoder eval RECORDS [--json] [--diff] [--dictionaries SPEC]``: score the coder on gold records."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("eval", help="score the coder on gold records (PETRARCH validation XML or JSONL)",
                              description="Code each record's raw text and score (source, target, code) "
                                          "triples: precision, recall, F1, exact records, per category.")
    p.add_argument("records", help="a PETRARCH validation XML file or a JSONL gold file (docs/evaluation.md)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--diff", action="store_true", help="print each miss and each false positive")
    p.add_argument("--dictionaries", metavar="SPEC",
                   help="dictionaries to use (default: those named in the XML <Environment>, else shipped)")
    p.add_argument("--all", action="store_true", help="also score records marked evaluate=\"false\"")
    p.add_argument("--stages", metavar="A,B,...",
                   help="pipeline stages to run (default: the installed default stages)")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from eventcoder.evaluate import evaluate, make_coder, read_suite
    from eventcoder.evaluate.report import diff_text, summary_text

    suite = read_suite(args.records)
    options = {}
    if args.stages:
        options["stages"] = [s.strip() for s in args.stages.split(",") if s.strip()]
    coder = make_coder(suite, args.dictionaries, **options)
    report = evaluate(suite, coder=coder, include_unevaluated=args.all)
    if args.json:
        d = report.to_dict()
        if args.diff:
            d["diff"] = [{"id": r.record.id, "text": r.record.text,
                          "missed": [list(t) for t in r.missed],
                          "false_positives": [{"triple": list(p.triple), "pattern": p.pattern, "trigger": p.trigger}
                                              for p in r.false_pos]}
                         for r in report.results if not r.exact]
        print(json.dumps(d))
        return 0
    if args.diff:
        print(diff_text(report))
        print()
    print(summary_text(report))
    return 0
