"""The HTML report in headless Chromium: opens from file:// with no request at all beyond the file,
no console errors, every chart drawn, evidence on click. Skips when /usr/bin/chromium is absent."""

from __future__ import annotations

import os
import shutil

import pytest
from test_browser_dashboard import (  # noqa: F401  (skips without chromium)
    CHROMIUM,
    browser,  # noqa: F401  (fixture)
    is_local,
    watch,
)
from test_serve_api import make_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_report_renders_offline(browser, tmp_path):  # noqa: F811
    from eventcoder.report import write_report
    db = make_store(tmp_path / "events.duckdb")
    out = write_report(db, tmp_path / "report.html", title="Test report")
    page = browser.new_page()
    seen = watch(page)
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_function("window.ECReport && window.ECReport.ready")
    assert page.title() == "Test report"
    assert page.locator("#quad-series .ec-line").count() == 4
    assert page.locator("#dyad-series .ec-series").count() >= 2
    assert page.locator("#network .ec-node").count() == 6
    assert page.locator("#map .ec-country").count() > 150
    assert page.locator("#map .ec-point").count() == 4
    assert page.locator("#top-actors .ec-bar").count() == 6
    assert page.locator("#top-dyads .ec-bar").count() >= 6
    assert page.locator("#changes-counts .ec-bar").count() >= 1
    assert page.locator("#events tbody tr").count() == 9
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    page.locator("#events tbody tr", has_text="attacked").click()
    page.wait_for_selector("#evidence mark.ec-trigger")
    assert page.locator("#evidence mark.ec-trigger").inner_text() == "attacked"
    assert page.locator("#evidence mark.ec-target").inner_text() == "Kurdish"
    page.locator("#map .ec-point").first.dispatch_event("click")
    page.wait_for_selector("#evidence mark.ec-source")
    page.locator("#evidence").evaluate("n => n.textContent = ''")
    page.locator('#dyad-series .ec-dot:not([data-y="0"])').first.dispatch_event("click")
    page.wait_for_selector("#evidence .ec-place-events li")
    page.wait_for_selector("#evidence mark.ec-trigger")
    page.screenshot(path=str(tmp_path / "report-evidence.png"), full_page=True)
    page.close()

    assert [u for u in seen["requests"] if u != out.as_uri()] == []
    assert seen["errors"] == []
    keep = os.environ.get("EVENTCODER_KEEP_SCREENSHOTS")
    if keep:
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, keep)

