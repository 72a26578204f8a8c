"""The translators' admin on a desktop (1280 px) and a phone (375 px), in French and English: the
dashboard's table fits without breaking words, the workbench shows the source beside the target,
the admin home shows a progress bar per language. Screenshots of each are left in
$SCREENSHOTS_DIR (a temporary folder by default) to be looked at."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF = {
    "fr": ("traducteur-ecran", "screen-password-fr-1"),
    "en": ("translator-screen", "screen-password-en-1"),
}
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", Path(tempfile.gettempdir()) / "portfolio-screens"))

SETUP = """
from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile

for language, (username, password) in {staff}.items():
    user = User.objects.create_user(username, f"{{username}}@example.org", password)
    user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
"""

# Whatever overflows its box: the document sideways, a table wider than its column, a cell
# whose words stick out of it (words never break, so a word too long for its cell would).
OVERFLOW = """
() => {
    const table = document.querySelector("table.translation-table");
    const main = document.querySelector("main");
    const cells = [...table.querySelectorAll("td, th")]
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1);
    return {
        document: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        table: Math.round(table.getBoundingClientRect().right - main.getBoundingClientRect().right),
        cells: cells.map((cell) => cell.className + ": " + cell.innerText.slice(0, 40)),
        titleWidth: table.querySelector("td.translation-title").getBoundingClientRect().width,
    };
}
"""


@pytest.fixture(scope="module")
def staff(browser_site):
    browser_site.manage("shell", "-c", SETUP.format(staff=STAFF))
    return STAFF


def log_in(browser, site_url, staff, language, width):
    context = browser.new_context(
        base_url=site_url, locale="fr-FR", viewport={"width": width, "height": 900 if width > 800 else 800}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.locator('input[name="username"]').fill(staff[language][0])
    tab.locator('input[name="password"]').fill(staff[language][1])
    tab.locator('button[type="submit"]').click()
    tab.wait_for_url("**/admin/")
    return context, tab


def screenshot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def boxes_overlap(first, second):
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_dashboard_table_fits_1280_px_and_its_filters_do_not_overlap(browser, site_url, staff, language):
    context, tab = log_in(browser, site_url, staff, language, 1280)
    tab.goto("/admin/translations/")
    found = tab.evaluate(OVERFLOW)
    assert found["document"] <= 0, found
    assert found["table"] <= 0, found
    assert found["cells"] == [], found
    assert found["titleWidth"] >= 180, found  # titles wrap by word, not letter by letter
    screenshot(tab, f"dashboard-1280-{language}")
    # The filters, in Wagtail's filter menu: one line each, apart from the others.
    filter_by_language(tab)
    expect(tab.locator("td.translation-missing [data-missing]").first).to_be_visible()
    assert tab.evaluate(OVERFLOW)["cells"] == []
    context.close()


def filter_by_language(tab):
    """Open the filter menu, check its entries do not overlap, and filter by English."""
    tab.locator("#filters-drilldown [data-w-dropdown-target='toggle']").click()
    toggles = tab.locator("#filters-drilldown .w-drilldown__toggle")
    expect(toggles.first).to_be_visible()
    boxes = [toggles.nth(index).bounding_box() for index in range(toggles.count())]
    assert len(boxes) == 5
    assert not any(boxes_overlap(a, b) for index, a in enumerate(boxes) for b in boxes[index + 1 :])
    tab.locator('#filters-drilldown [aria-controls="drilldown-id_language"]').click()
    tab.locator("#filters-drilldown select[name=language]").select_option("en")
    expect(tab).to_have_url(re.compile(r"language=en"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_dashboard_on_a_phone_scrolls_its_table_not_the_page(browser, site_url, staff, language):
    context, tab = log_in(browser, site_url, staff, language, 375)
    tab.goto("/admin/translations/?language=en&missing=1")
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(tab, f"dashboard-375-{language}")
    context.close()


def open_workbench(tab):
    """The first project missing English, from the dashboard's Translate link."""
    tab.goto("/admin/translations/?type=projects.projectpage&language=en&missing=1")
    tab.locator('a[data-translate="en"]').first.click()
    tab.wait_for_url("**/admin/translations/translate/**")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_workbench_shows_the_source_beside_the_target_at_1280_px(browser, site_url, staff, language):
    context, tab = log_in(browser, site_url, staff, language, 1280)
    open_workbench(tab)
    source = tab.locator('[data-source="summary_en"]').bounding_box()
    target = tab.locator('textarea[name="summary_en"]').bounding_box()
    assert source["x"] + source["width"] <= target["x"], (source, target)  # side by side
    assert abs(source["y"] - target["y"]) < 40, (source, target)  # on one line
    assert abs(source["width"] - target["width"]) <= 2, (source, target)  # at the same size
    # Translated fields stay in sight, for context; "Save and next" and "Skip" are there.
    title = tab.locator('details[data-translation-field="title"]')
    expect(title).to_have_attribute("open", "")
    expect(title.locator('[data-source="title_en"]')).to_be_visible()
    expect(tab.locator("button[name=action-next]")).to_be_visible()
    expect(tab.locator("a[data-skip]")).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(tab, f"workbench-1280-{language}")
    # "Skip" opens the next item without saving anything.
    here = tab.url
    tab.locator("a[data-skip]").click()
    tab.wait_for_url("**/admin/translations/translate/**")
    assert tab.url != here
    context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_workbench_on_a_phone_stacks_the_source_above_the_target(browser, site_url, staff, language):
    context, tab = log_in(browser, site_url, staff, language, 375)
    open_workbench(tab)
    source = tab.locator('[data-source="summary_en"]').bounding_box()
    target = tab.locator('textarea[name="summary_en"]').bounding_box()
    assert source["y"] + source["height"] <= target["y"]
    assert target["x"] + target["width"] <= 375
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(tab, f"workbench-375-{language}")
    context.close()


def test_the_admin_home_shows_a_progress_bar_per_language(browser, site_url, staff):
    context, tab = log_in(browser, site_url, staff, "fr", 1280)
    panel = tab.locator("#translation-summary-section")
    bars = panel.locator("li[data-language] progress")
    expect(bars).to_have_count(2)
    english = panel.locator('li[data-language="en"] a')
    expect(english).to_contain_text("Anglais")
    screenshot(tab, "home-1280-fr")
    english.click()
    tab.wait_for_url("**/admin/translations/?language=en&missing=1")
    expect(tab.locator("td.translation-missing [data-missing]").first).to_contain_text("Anglais")
    context.close()
