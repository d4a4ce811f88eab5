"""Evaluation harness: read gold records (PETRARCH validation XML or our JSONL), code their raw text with our own
parse, and score (source, target, code) triples: precision, recall, F1, exact-record rate, per category."""

from eventcoder.evaluate.jsonl import read_jsonl
from eventcoder.evaluate.petrarch_xml import read_petrarch_xml
from eventcoder.evaluate.records import GoldEvent, GoldRecord, Suite, norm_code
from eventcoder.evaluate.runner import evaluate, make_coder, read_suite
from eventcoder.evaluate.score import Counts, Predicted, RecordResult, Report, score_record

__all__ = ["Counts", "GoldEvent", "GoldRecord", "Predicted", "RecordResult", "Report", "Suite", "evaluate",
           "make_coder", "norm_code", "read_jsonl", "read_petrarch_xml", "read_suite", "score_record"]
