"""The accessibility check itself must be able to fail: a page with known faults is reported."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser import capture
from tests.browser.conftest import check_served_pages

FAULTY_PAGE = """<!DOCTYPE html><html><head><title>Faulty</title></head><body><main>
<img src="/static/images/favicon.svg">
<label>Name</label><input type="text" name="name">
<p style="color:#aaa;background:#fff">Grey on white is too faint to read</p>
</main></body></html>"""


def test_axe_reports_violations_in_a_served_page(site, browser: Browser, transactional_db):
    capture.take_served_pages()
    capture.keep(capture.ServedPage("/faulty/", 200, FAULTY_PAGE))
    failures = check_served_pages(browser, site.url, capture.take_served_pages())
    found = {v["id"] for violations in failures.values() for v in violations}
    assert {"image-alt", "label", "color-contrast", "html-has-lang"} <= found
