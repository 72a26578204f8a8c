"""A translator's session in the workbench, in a real Chromium and in French (the admin's language).

The translator opens the dashboard, filters the projects of one program missing English (two
projects built for the test, tests/factories.py: a French summary and body each, no English),
clicks "Traduire" on the first one, reads the French beside the empty English boxes, fills them
in with the keyboard and goes on with "Enregistrer et suivant"; the editor approves; a visitor
reads the English page without the "translation in progress" notice; the dashboard moved by
exactly one project.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import test_editorial_session as session
from tests.browser.conftest import CREATE_STAFF

pytestmark = pytest.mark.browser

EDITOR = ("redacteur-atelier", "editor-password-2")
TRANSLATOR = ("traductrice-atelier", "translator-password-2")
SUMMARY_EN = "The summary of the project, in English."
BODY_EN = "The project is described here in English."

SETUP = CREATE_STAFF
# Two projects left to translate (French summary and body), in a program of their own: printed.
BUILD = """
from tests.factories import ProgramPageFactory, UntranslatedProjectFactory
program = ProgramPageFactory(title_fr="Programme à traduire", title_en="Program to translate")
UntranslatedProjectFactory.create_batch(2, parent=program)
print(program.pk)
"""

PUBLIC_URL = """
from django.utils import translation
from wagtail.models import Page
with translation.override("en"):
    print(Page.objects.get(pk={pk}).specific.get_url())
"""


def page_id(tab):
    """The id of the object open in the workbench, from its "full edit form" link."""
    link = tab.get_by_role("link", name="Ouvrir le formulaire de modification complet")
    return int(re.search(r"/admin/pages/(\d+)/edit/", link.get_attribute("href"))[1])


def remaining(tab):
    return int(tab.locator("[data-translation-remaining]").get_attribute("data-translation-remaining"))


def test_a_translator_translates_one_project_after_another(browser_site, page, new_tab, server_errors):
    roles = [(EDITOR, "Editors"), (TRANSLATOR, "Translators")]
    browser_site.manage("shell", "-c", SETUP.format(roles=roles))
    program = browser_site.manage("shell", "-c", BUILD).strip().splitlines()[-1]

    # 1. The translator reads the English figures, then filters the program's projects missing English.
    session.log_in(page, *TRANSLATOR)
    complete_before, total = session.english_projects_total(page)
    page.locator("#filters-drilldown [data-w-dropdown-target='toggle']").click()
    for name, choice in (("type", "projects.projectpage"), ("program", program), ("language", "en")):
        page.locator(f'#filters-drilldown [aria-controls="drilldown-id_{name}"]').click()
        page.locator(f"#filters-drilldown select[name={name}]").select_option(choice)
        expect(page).to_have_url(re.compile(f"{name}="))
        page.locator(f"#drilldown-id_{name} .w-drilldown__back").click()
    page.locator('#filters-drilldown [aria-controls="drilldown-id_missing"]').click()
    page.get_by_label("Seulement ce qui reste à traduire").check()
    expect(page).to_have_url(re.compile("missing=on"))
    first_row = page.locator("table tbody tr").first
    expect(first_row.locator("[data-missing=en]")).to_be_visible()
    first_title = first_row.locator("td.translation-title a").inner_text().strip()
    first_row.locator('a[data-translate="en"]').click()

    # 2. The French summary beside an empty English box, which has the keyboard's focus.
    expect(page.locator("h1")).to_contain_text("Traduire en anglais")
    expect(page.locator("h1")).to_contain_text(first_title)
    source = page.locator('[data-source="summary_en"]')
    expect(source).to_have_attribute("lang", "fr")
    expect(source).not_to_be_empty()
    summary = page.get_by_label("Résumé (Anglais)")
    expect(summary).to_have_value("")
    expect(summary).to_have_attribute("lang", "en")
    expect(summary).to_be_focused()
    left_before = remaining(page)
    first_id = page_id(page)

    # 3. Everything missing is filled in: the summary, then each paragraph of the body.
    page.keyboard.type(SUMMARY_EN)
    blocks = page.locator('details[data-translation-field="body"] fieldset[data-block]')
    expect(blocks).to_have_count(2)
    for index in range(blocks.count()):
        editor = blocks.nth(index).get_by_role("textbox")
        expect(editor).to_have_count(1)
        editor.click()
        editor.press_sequentially(BODY_EN)
        expect(editor).to_have_text(BODY_EN)
        # Draftail writes its content into the form's hidden field a moment after the last key.
        hidden = blocks.nth(index).locator(f'input[name="body-{index}"]')
        expect(hidden).to_have_value(re.compile(re.escape(BODY_EN)))
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et suivant").click()

    # 4. The next project missing English, one fewer to go.
    expect(page.locator(".messages")).to_contain_text("soumis à relecture")
    expect(page).to_have_url(re.compile(r"/admin/translations/translate/\d+/\d+/en/\?"))
    assert page_id(page) != first_id
    assert remaining(page) == left_before - 1
    expect(page.get_by_label("Résumé (Anglais)")).to_have_value("")
    # Submitted, not published yet; the dashboard counts the draft as complete already.
    assert session.english_projects_total(page) == (complete_before + 1, total)

    # 5. The editor approves it from the admin dashboard's review panel.
    editor_tab = new_tab()
    session.log_in(editor_tab, *EDITOR)
    editor_tab.goto("/admin/")
    review = editor_tab.locator("#awaiting-review-section")
    row = review.locator("tr", has=editor_tab.get_by_role("link", name=first_title, exact=True))
    row.get_by_role("button", name="Actions").click()
    with editor_tab.expect_navigation():
        row.get_by_role("button", name="Approuver", exact=True).click()
    expect(editor_tab.locator("#awaiting-review-section tr", has_text=first_title)).to_have_count(0)

    # 6. A visitor reads the English page: the translation, no fallback notice.
    public_url = browser_site.manage("shell", "-c", PUBLIC_URL.format(pk=first_id)).strip().splitlines()[-1]
    visitor = new_tab()
    response = visitor.goto(public_url)
    assert response.status == 200
    expect(visitor.locator(".lead")).to_have_text(SUMMARY_EN)
    expect(visitor.get_by_role("note")).to_have_count(0)
    expect(visitor.locator(".prose").first).to_contain_text(BODY_EN)

    # 7. Exactly the one project completed moved on the dashboard.
    assert session.english_projects_total(editor_tab) == (complete_before + 1, total)
    assert server_errors == [], "tracebacks in server.log, in the browser site's temporary folder"
