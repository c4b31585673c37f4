"""The browser harness itself: the checks every journey relies on must be able to fail."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Load, PageRecord, assert_accessible, page_problems

INACCESSIBLE = (
    "<!DOCTYPE html><html lang='en'><head><title>Bad</title></head>"
    "<body><main><h1>Bad</h1><img src='/static/images/favicon.svg'></main></body></html>"
)


def test_the_accessibility_check_fails_on_a_violation_and_names_it(page):
    page.set_content(INACCESSIBLE)

    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)[\s\S]*at img"):
        assert_accessible(page)


def test_the_accessibility_check_passes_the_home_page(page):
    page.goto("/")

    assert_accessible(page)


def test_a_loaded_page_never_checked_is_reported():
    record = PageRecord(loads=[Load("http://127.0.0.1/checked", checked=True), Load("http://127.0.0.1/forgot")])

    assert page_problems(record) == ["pages never passed to assert_accessible(page):\n  http://127.0.0.1/forgot"]


def test_script_errors_and_missing_static_files_are_reported():
    record = PageRecord(script_errors=["http://127.0.0.1/: boom"], failed_assets=["404 /static/x.css"])

    problems = page_problems(record)

    assert problems[0].startswith("JavaScript errors:")
    assert problems[1].startswith("static files that failed to load")
