"""In Chromium: the open data page is accessible, and the listing's download gives the filtered projects."""

import csv
import io

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/fr/donnees-ouvertes/", "/en/open-data/"])
def test_open_data_page_has_no_accessibility_violations(page, path):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_visitor_reaches_open_data_from_the_footer_and_downloads_the_filtered_list(page):
    page.goto("/en/projects/")
    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
    page.wait_for_url("**/en/open-data/")
    assert page.get_by_role("heading", level=1).inner_text() == "Open data"

    page.goto("/en/projects/?country=VN&status=archived")
    shown = page.locator(".card__link").all_inner_texts()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0][0] == "Project"
    assert [row[0] for row in rows[1:]] == shown
