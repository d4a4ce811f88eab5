"""``eventcoder explain "SENTENCE" [--date D] [--dictionaries SPEC] [--json]``: why each event was (not) coded."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("explain", help="show the parse, the actors, the patterns tried and the events",
                              description="Code one sentence and explain it: the dependency parse, the actor "
                                          "mentions, every trigger with the patterns it matched, and why each "
                                          "event was or was not coded.")
    p.add_argument("sentence", help="the text to explain")
    p.add_argument("--date", help="article date YYYY-MM-DD (actor codes are date-bounded)")
    p.add_argument("--dictionaries", metavar="SPEC", help="dictionaries (directory or PETRARCH validation XML)")
    p.add_argument("--keep-modal", action="store_true", help="keep negated and hypothetical events")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON")
    p.set_defaults(func=handler)


def render(x: dict[str, Any]) -> str:
    out = [f"text: {x['text']}", f"date: {x['date'] or '(none)'}", "", "parse:"]
    for t in x["tokens"]:
        out.append(f"  {t['i']:>3} {t['text']:<16} {t['lemma']:<14} {t['tag']:<5} {t['dep']:<10} -> {t['head']}")
    out += ["", "actors:"]
    if not x["mentions"]:
        out.append("  (none)")
    for m in x["mentions"]:
        warn = f"  warnings: {'; '.join(m['warnings'])}" if m.get("warnings") else ""
        out.append(f"  {m['text']!r:<36} {m['code'] or '(no code)':<14} {m['kind']:<8} entry={m['entry']}{warn}")
    out += ["", "trace:"]
    for step in x["trace"] or []:
        info = {k: v for k, v in step.items() if k != "stage"}
        if step["stage"] == "coder" and "patterns_matched" in info:
            out.append(f"  [coder] trigger {info['trigger']!r} (token {info['i']}, lemma {info['lemma']}"
                       f"{', nominal' if info.get('nominal') else ''}): {info['patterns_tried']} pattern(s) tried")
            for p in info["patterns_matched"]:
                out.append(f"          matched: {p.get('pattern')}  specificity {p.get('specificity')}")
            out.append(f"          chosen: {info['chosen']}")
        elif step["stage"] == "coder" and "result" in info and "trigger" in info:
            out.append(f"  [coder] {info['trigger']!r}: sources {info['sources']} targets {info['targets']}"
                       f" ({', '.join(f'{k}: {v}' for k, v in info['how'].items())}) -> {info['result']}")
        else:
            out.append(f"  [{step['stage']}] " + ", ".join(f"{k}={v}" for k, v in info.items()))
    out += ["", "events:"]
    if not x["events"]:
        out.append("  (none)")
    for e in x["events"]:
        flags = [f for f in ("negated", "future", "hypothetical", "reported") if e.get(f)]
        out.append(f"  {e['source']} -> {e['target'] or '---'} {e['cameo']}  trigger {e['trigger']!r}"
                   f"{'  [' + ', '.join(flags) + ']' if flags else ''}")
        out.append(f"      pattern: {e['pattern']}")
        if e.get("plover") or e.get("quad_class"):
            out.append(f"      quad_class {e.get('quad_class')}  goldstein {e.get('goldstein')}  "
                       f"plover {e.get('plover')} {e.get('plover_mode') or ''}")
    return "\n".join(out)


def handler(args: argparse.Namespace) -> int:
    from eventcoder.api import Coder
    from eventcoder.errors import InputError
    from eventcoder.evaluate.runner import default_stages

    if not args.sentence.strip():
        raise InputError("nothing to explain: the sentence is empty")
    coder = Coder(dictionaries=args.dictionaries, keep_modal=args.keep_modal, stages=default_stages())
    x = coder.explain(args.sentence, date=args.date)
    print(json.dumps(x, default=str) if args.json else render(x))
    return 0
