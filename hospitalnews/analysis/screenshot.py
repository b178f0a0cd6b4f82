"""A PNG screenshot of a page in headless Chromium, with the page's console errors.

Used by the report tests and to make the README's screenshot (``docs/report.png``), so both come from
one code path. Needs the ``playwright`` package (test extra) and a Chromium binary (Debian
``chromium``); Playwright's own browser download is never used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class BrowserUnavailable(Exception):
    """No Chromium binary or no playwright package: the caller decides whether that is a skip."""


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailable("no chromium binary on PATH (Debian: apt-get install chromium)")


def screenshot(page: Path | str, png: Path | str, *, width: int = 1200) -> dict:
    """Open ``page`` (a local HTML file) and save a full-page PNG to ``png``.

    Returns ``{"console_errors": [...], "page_errors": [...], "charts": [(id, width, height), ...]}``:
    console messages of type error, uncaught page exceptions, and the rendered size in CSS pixels of
    every ``figure.chart svg``. Raises ``BrowserUnavailable`` when Chromium or playwright is missing.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        raise BrowserUnavailable("the playwright package is not installed (pip install -e '.[test]')") from exc
    executable = chromium_path()
    result = {"console_errors": [], "page_errors": [], "charts": []}
    with sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as exc:
            raise BrowserUnavailable(f"chromium did not start: {str(exc).splitlines()[0]}") from exc
        try:
            tab = browser.new_page(viewport={"width": width, "height": 900})
            tab.on("console", lambda msg: msg.type == "error" and result["console_errors"].append(msg.text))
            tab.on("pageerror", lambda exc: result["page_errors"].append(str(exc)))
            tab.goto(Path(page).resolve().as_uri(), wait_until="load")
            result["charts"] = tab.eval_on_selector_all(
                "figure.chart", "figs => figs.map(f => { const s = f.querySelector('svg');"
                " const r = s ? s.getBoundingClientRect() : {width: 0, height: 0};"
                " return [f.id, r.width, r.height, s ? s.querySelectorAll('path').length : 0]; })")
            tab.screenshot(path=str(png), full_page=True)
        finally:
            browser.close()
    return result
