"""Dashboard in headless Chromium (Debian's package): renders with data, evidence on click, no request
leaves loopback, no console errors. Skips when /usr/bin/chromium is absent."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("EVENTCODER_CHROMIUM", "/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("fastapi")

from test_serve_api import FakeCoder, ServerThread, make_store  # noqa: E402

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def is_local(url: str) -> bool:
    u = urlparse(url)
    if u.scheme in ("data", "blob", "about"):
        return True
    return u.scheme in ("http", "https", "ws", "file") and (u.scheme == "file" or u.hostname in LOOPBACK)


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="ec-chromium-")
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                   args=LAUNCH_ARGS, viewport={"width": 1400, "height": 1100})
        try:
            yield ctx
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


def watch(page):
    """Record every request and every console error or page error of a page."""
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from eventcoder.serve import create_app
    db = make_store(tmp_path_factory.mktemp("dash") / "events.duckdb")
    with ServerThread(create_app(db, coder=FakeCoder())) as srv:
        yield srv
    assert "Traceback" not in srv.log.getvalue()


def test_dashboard_renders_and_shows_evidence(browser, server, tmp_path):
    page = browser.new_page()
    seen = watch(page)
    page.goto(server.url + "/", wait_until="networkidle")
    page.wait_for_function("window.ECDashboard && document.querySelectorAll('#events tbody tr').length > 0")
    page.evaluate("window.ECDashboard.ready")
    page.wait_for_selector("#series .ec-line", state="attached")
    # series, network and map drawn with data
    assert page.locator("#series .ec-dot").count() >= 2
    assert page.locator("#network .ec-node").count() == 6
    assert page.locator("#network .ec-edge").count() >= 6
    assert page.locator("#map .ec-country").count() > 150
    assert page.locator("#map .ec-point").count() == 4
    assert page.locator("#events tbody tr").count() == 9
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # a table row opens its evidence: sentence with trigger, source and target marked
    page.locator("#events tbody tr", has_text="accused").first.click()
    page.wait_for_selector("#evidence mark.ec-trigger")
    assert page.locator("#evidence mark.ec-trigger").inner_text() == "accused"
    assert page.locator("#evidence mark.ec-source").inner_text() == "Syria"
    assert page.locator("#evidence mark.ec-target").inner_text() == "Turkey"
    assert "test pattern for accused" in page.locator("#evidence").inner_text()
    page.screenshot(path=str(tmp_path / "dashboard-evidence.png"), full_page=True)

    # a map point opens the evidence of an event there
    page.locator("#map .ec-point").first.dispatch_event("click")
    page.wait_for_selector("#evidence .ec-place-events li")
    page.wait_for_selector("#evidence mark.ec-trigger")

    # a point of the dyad series lists that period's events and opens the first one
    page.locator("#evidence").evaluate("n => n.textContent = ''")
    page.locator('#series .ec-series[data-name=events] .ec-dot:not([data-y="0"])').first.dispatch_event("click")
    page.wait_for_selector("#evidence .ec-place-events li")
    page.wait_for_selector("#evidence mark.ec-trigger")

    # filters: QuadClass 4 leaves one event
    page.select_option("select[name=quad_class]", "4")
    page.click("#filters button[type=submit]")
    page.wait_for_function("document.querySelectorAll('#events tbody tr').length === 1")
    page.screenshot(path=str(tmp_path / "dashboard-filtered.png"), full_page=True)

    page.goto(server.url + "/docs", wait_until="networkidle")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".opblock").count() >= 8
    page.close()
    outside = [u for u in seen["requests"] if not is_local(u)]
    assert outside == []
    assert seen["errors"] == []
    keep = os.environ.get("EVENTCODER_KEEP_SCREENSHOTS")  # a folder to copy the screenshots to
    if keep:
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, keep)
