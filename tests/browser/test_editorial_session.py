"""An editorial session in a real Chromium: an editor creates a project, a translator completes
its English version, the editor approves it, and the site and the translation dashboard follow.

Everything goes through the Wagtail admin's own forms, choosers and workflow buttons, in French
(the editors' admin language), logged in through the login form.
"""

import json
import os
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import CREATE_STAFF

pytestmark = pytest.mark.browser

EDITOR = ("redactrice", "editor-password-1")
TRANSLATOR = ("traducteur", "translator-password-1")

TITLE_FR = "Jeunes entrepreneures à Sfax"
TITLE_EN = "Young women entrepreneurs in Sfax"
SLUG_EN = "young-women-entrepreneurs-in-sfax"
SUMMARY_FR = "Des femmes de Sfax créent leur entreprise, accompagnées pendant deux ans."
SUMMARY_EN = "Women in Sfax start their own businesses, with two years of support."
BODY_FR = "Le projet forme quarante femmes à la gestion d'une petite entreprise."
BODY_EN = "The project trains forty women to run a small business."
IMAGE_TITLE = "Atelier à Sfax"
IMAGE_DESCRIPTION = "Workshop in Sfax"
DOCUMENT_TITLE = "Note de projet Sfax"

# What waits on the server's heavier work: the first opening of the image chooser draws a
# thumbnail of every image in the library; uploads; autosave. Twice the pages' default timeout.
SERVER_WAIT = 20_000

PROJECT_TOTALS = 'li[data-type="projects.projectpage"]'
# “Anglais : 13 projets sur 28 à jour”
ENGLISH_SENTENCE = re.compile(r"^Anglais : (\d+) projets sur (\d+) à jour$")

SETUP = (
    CREATE_STAFF
    + """
from projects.models import ProgramPage

program = ProgramPage.objects.get(slug_en="economic-and-professional-integration")
print(json.dumps({{"id": program.pk, "slug_en": program.slug_en}}))
"""
)


@pytest.fixture
def files(tmp_path):
    """A photo and a PDF never seen by the site (random pixels: Wagtail flags duplicate images)."""
    image = tmp_path / "atelier-sfax.png"
    Image.frombytes("RGB", (320, 160), os.urandom(320 * 160 * 3)).save(image)
    pdf = tmp_path / "note-sfax.pdf"
    Image.frombytes("RGB", (60, 80), os.urandom(60 * 80 * 3)).save(pdf, "PDF")
    return {"image": str(image), "pdf": str(pdf)}


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url("**/admin/")


def english_projects_total(page):
    """(complete in English, total) for projects, as the translation dashboard states them."""
    page.goto("/admin/translations/")
    english = page.locator(f'#translation-totals-heading ~ ul {PROJECT_TOTALS} li[data-language="en"]')
    sentence = ENGLISH_SENTENCE.match(english.inner_text().strip())
    assert sentence, english.inner_text()
    complete, total = int(sentence[1]), int(sentence[2])
    assert (english.get_attribute("data-complete"), english.get_attribute("data-total")) == (
        str(complete),
        str(total),
    )
    return complete, total


def show_english_fields(page):
    """wagtail-modeltranslation's language picker: show the English fields next to the French."""
    page.locator(".locale-picker").get_by_role("button", name="en", exact=True).click()
    expect(page.locator('input[name="title_en"]')).to_be_visible()


def add_paragraph(page, language, text):
    body = page.locator(f'[data-contentpath="body_{language}"]')
    body.get_by_role("button", name="Insérer un bloc").click()
    page.get_by_role("option", name="Paragraphe", exact=True).click()
    body.get_by_role("textbox").press_sequentially(text)
    expect(body.get_by_role("textbox")).to_have_text(text)


def upload_in_chooser(page, kind, file, title, **fields):
    """Upload a file from the "Transférer" tab of the open image or document chooser."""
    dialog = page.get_by_role("dialog")
    upload_tab = dialog.get_by_role("tab", name="Transférer")
    expect(upload_tab).to_be_visible(timeout=SERVER_WAIT)
    upload_tab.click()
    dialog.locator(f'input[name="{kind}-chooser-upload-file"]').set_input_files(file)
    # Wagtail fills the empty title in from the file's name, asynchronously: let it, then rename.
    title_field = dialog.locator(f'input[name="{kind}-chooser-upload-title"]')
    expect(title_field).to_have_value(Path(file).stem)
    title_field.fill(title)
    expect(title_field).to_have_value(title)
    for name, value in fields.items():
        dialog.locator(f'input[name="{kind}-chooser-upload-{name}"]').fill(value)
    dialog.get_by_role("button", name="Transférer", exact=True).click()
    expect(dialog).to_have_count(0, timeout=SERVER_WAIT)


def wait_for_autosave(page, server_errors):
    """Wagtail 8 autosaves the form about a second after each change; on the create view the
    first autosave creates the page and turns the view into its edit view. Clicking an action
    while that request is in flight would post the whole form to the create view again.

    A failed autosave leaves the form on the create view: the error then names the requests the
    server failed, whose tracebacks are in its log."""
    indicator = page.locator("#w-autosave-indicator")
    if not indicator.count():
        return
    try:
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"), timeout=SERVER_WAIT)
        expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved", timeout=SERVER_WAIT)
    except AssertionError as error:
        tooltip = indicator.get_attribute("data-w-tooltip-content-value")
        raise AssertionError(
            f"the form was not autosaved (indicator: {tooltip!r}); server errors: {server_errors}"
        ) from error


def footer_action(page, name):
    """Click an action of the editor's footer, opening its "Plus d'actions" menu first."""
    footer = page.locator("footer")
    footer.get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        footer.get_by_role("button", name=name).click()


def expect_translation_notice(page, url, summary_language):
    response = page.goto(url)
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(TITLE_EN)
    summary = page.locator(".lead")
    if summary_language == "fr":
        expect(page.get_by_role("note")).to_contain_text("In the process of translation")
        expect(summary).to_have_text(SUMMARY_FR)
        expect(summary).to_have_attribute("lang", "fr")
    else:
        expect(page.get_by_role("note")).to_have_count(0)
        expect(summary).to_have_text(SUMMARY_EN)
        assert summary.get_attribute("lang") is None


def test_an_editor_creates_a_translator_translates_and_the_editor_approves(
    browser_site, page, new_tab, files, server_errors
):
    # 1. An editor and a translator, whose rights come from their groups only.
    roles = [(EDITOR, "Editors"), (TRANSLATOR, "Translators")]
    program = json.loads(browser_site.manage("shell", "-c", SETUP.format(roles=roles)).splitlines()[-1])
    public_url = f"/en/{program['slug_en']}/{SLUG_EN}/"

    # 2. The editor reads how many projects are complete in English.
    log_in(page, *EDITOR)
    complete_before, total_before = english_projects_total(page)
    assert 0 < complete_before < total_before  # the demo content has projects still in translation

    # 3. The editor writes a project in French, its English title and body, but no English summary.
    page.goto(f"/admin/pages/add/projects/projectpage/{program['id']}/")
    show_english_fields(page)
    page.locator('input[name="title_fr"]').fill(TITLE_FR)
    page.locator('input[name="title_en"]').fill(TITLE_EN)
    page.locator('textarea[name="summary_fr"]').fill(SUMMARY_FR)
    expect(page.locator('textarea[name="summary_en"]')).to_have_value("")
    expect(page.locator('input[name="slug_en"]')).to_have_value(SLUG_EN)  # follows the English title
    add_paragraph(page, "fr", BODY_FR)
    add_paragraph(page, "en", BODY_EN)

    page.locator('[data-contentpath="hero_image"]').get_by_role("button", name="Choisir une image").click()
    upload_in_chooser(page, "image", files["image"], IMAGE_TITLE, description=IMAGE_DESCRIPTION)
    expect(page.locator("#id_hero_image-title")).to_have_text(IMAGE_TITLE)

    page.get_by_role("button", name="Ajouter un(e) Documents").click()
    page.locator("#id_documents-0-document-chooser").get_by_role("button", name="Choisir un document").click()
    upload_in_chooser(page, "document", files["pdf"], DOCUMENT_TITLE)
    expect(page.locator("#id_documents-0-document-title")).to_have_text(DOCUMENT_TITLE)

    wait_for_autosave(page, server_errors)
    footer_action(page, "Publier")
    expect(page.locator(".messages")).to_contain_text(f"« {TITLE_FR} »")
    expect(page.locator(".messages")).to_contain_text("publiée")

    # Published, incomplete in English: the English page falls back to the French summary.
    visitor = new_tab()
    expect_translation_notice(visitor, public_url, "fr")
    # One more project on the dashboard, not complete in English.
    assert english_projects_total(page) == (complete_before, total_before + 1)

    # 4. The translator finds the page on the dashboard, writes the English summary and submits it.
    translator = new_tab()
    log_in(translator, *TRANSLATOR)
    translator.goto("/admin/translations/")
    translator.get_by_role("link", name=TITLE_FR, exact=True).click()
    translator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    status = translator.locator("[data-translation-status]")
    expect(status).to_contain_text("Résumé")
    show_english_fields(translator)
    translator.locator('textarea[name="summary_en"]').fill(SUMMARY_EN)
    footer_action(translator, re.compile(r"^Soumettre à "))  # "Soumettre à <the workflow's name>"
    expect(translator.locator(".messages")).to_contain_text("soumise pour modération")

    # Not approved yet: the public page still shows the French summary.
    expect_translation_notice(visitor, public_url, "fr")

    # 5. The editor approves it from the admin dashboard's review panel.
    page.goto("/admin/")
    review = page.locator("#awaiting-review-section")
    row = review.locator("tr", has=page.get_by_role("link", name=TITLE_FR, exact=True))
    expect(row).to_contain_text(TRANSLATOR[0])
    row.get_by_role("button", name="Actions").click()
    with page.expect_navigation():
        row.get_by_role("button", name="Approuver", exact=True).click()
    expect(page.locator("#awaiting-review-section tr", has_text=TITLE_FR)).to_have_count(0)

    # 6. A visitor reads the page in English, with its image and its PDF.
    expect_translation_notice(visitor, public_url, "en")
    expect(visitor.locator(".prose")).to_have_text(BODY_EN)
    hero = visitor.get_by_role("img", name=IMAGE_DESCRIPTION)
    expect(hero).to_be_visible()
    visitor.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=hero.element_handle())
    documents = visitor.get_by_role("region", name="Documents")
    link = documents.get_by_role("link", name=DOCUMENT_TITLE)
    expect(link).to_have_attribute("href", re.compile(r"\.pdf$"))
    item = documents.get_by_role("listitem").filter(has=visitor.get_by_role("link", name=DOCUMENT_TITLE))
    expect(item).to_contain_text("(PDF, ")
    download = visitor.request.get(link.get_attribute("href"))
    assert download.status == 200
    assert download.body().startswith(b"%PDF")

    # 7. One more project, and it is complete in English.
    assert english_projects_total(page) == (complete_before + 1, total_before + 1)

    # And the server answered every request of the session, including those made in the background.
    assert server_errors == [], "tracebacks in server.log, in the browser site's temporary folder"
