"""The self-contained HTML report: one file with its scripts, styles, data and map outlines inlined.

>>> from eventcoder.report import write_report
>>> write_report("events.duckdb", "report.html")          # doctest: +SKIP
"""

from __future__ import annotations

from eventcoder.report.writer import build_report_data, render_report, write_report

__all__ = ["write_report", "build_report_data", "render_report"]
