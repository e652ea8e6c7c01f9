"""Helpers of the browser tests."""

from __future__ import annotations

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_check(page) -> None:
    """Assert that axe-core finds no WCAG 2.2 AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
