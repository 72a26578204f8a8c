"""No Content-Security-Policy violation on any public page type, in both languages, nor on the
admin pages an editor uses (dashboard, explorer, edit form, image chooser, snippet, preview).

The browser reports each violation as a `securitypolicyviolation` event in the document where
it happened (an init script records them in every frame) and as a "Refused to …" console message.
The browser's complaints about the Permissions-Policy header (a feature it does not know) are
recorded with them: the header must say only what browsers read.
"""

import contextlib
import json

import pytest
from playwright.sync_api import Error, expect

pytestmark = pytest.mark.browser

EDITOR = ("csp-redactrice", "csp-editor-password-1")

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} in ${where}`);
});
"""

URLS = """
import contextlib
import json
from django.utils import translation
from partners.models import Partner
from projects.models import HomePage, ProgramPage, ProjectPage, ProjectIndexPage, ProjectArchivePage
from partners.models import PartnerIndexPage
from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile

urls = {}
for model in (HomePage, ProgramPage, ProjectPage, ProjectIndexPage, ProjectArchivePage, PartnerIndexPage):
    page = model.objects.live().public().first()
    for language in ("fr", "en"):
        with translation.override(language):
            urls[f"{model.__name__} {language}"] = page.get_url()
user, created = User.objects.get_or_create(username=%(username)r, email="csp@example.org")
user.set_password(%(password)r)
user.save()
user.groups.add(Group.objects.get(name="Editors"))
profile = UserProfile.get_for_user(user)
profile.preferred_language = "fr"
profile.save()
print(json.dumps({
    "public": urls,
    "home_id": HomePage.objects.get().pk,
    "project_id": ProjectPage.objects.live().first().pk,
    "partner_id": Partner.objects.first().pk,
}))
"""


@pytest.fixture(scope="module")
def site(browser_site):
    output = browser_site.manage("shell", "-c", URLS % {"username": EDITOR[0], "password": EDITOR[1]})
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture
def watched(page):
    """The test tab, recording every CSP violation in any of its frames and in the console, and
    the console's Permissions-Policy errors."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or message.text.startswith("Refused to")
            or "Permissions-Policy" in message.text
            else None
        ),
    )
    page.csp_console = console
    return page


def violations(page):
    found = list(page.csp_console)
    for frame in page.frames:
        # A frame that navigated away meanwhile has nothing left to read.
        with contextlib.suppress(Error):
            found += frame.evaluate("window.__cspViolations || []")
    return found


def assert_none(page, where):
    found = violations(page)
    assert not found, f"{where}:\n" + "\n".join(found)


def public_paths(site):
    paths = list(site["public"].values())
    for language, query in (("fr", "violences"), ("en", "Vietnam")):
        paths += [f"/{language}/search/?q={query}", f"/{language}/no-such-page/"]
    return paths


def test_public_pages_have_no_csp_violation(watched, site):
    paths = public_paths(site)
    assert len(paths) == 16
    for path in paths:
        response = watched.goto(path)
        assert "default-src 'none'" in response.headers["content-security-policy"], path
        watched.wait_for_load_state("networkidle")
        assert_none(watched, path)


def test_editor_admin_pages_have_no_csp_violation(watched, site):
    page = watched
    page.goto("/admin/login/")
    page.locator('input[name="username"]').fill(EDITOR[0])
    page.locator('input[name="password"]').fill(EDITOR[1])
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    assert_none(page, "dashboard")

    for path in (
        f"/admin/pages/{site['home_id']}/",
        f"/admin/snippets/partners/partner/edit/{site['partner_id']}/",
        "/admin/images/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        assert_none(page, path)

    # The page edit form, its image chooser and its preview panel.
    page.goto(f"/admin/pages/{site['project_id']}/edit/")
    page.wait_for_load_state("networkidle")
    assert_none(page, "edit form")

    body = page.locator('[data-contentpath="body_fr"]')
    body.get_by_role("button", name="Insérer un bloc").first.click()
    page.get_by_role("option", name="Image", exact=True).click()
    body.get_by_role("button", name="Choisir une image").last.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("tab", name="Transférer")).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert_none(page, "image chooser")
    dialog.locator('[data-dismiss="modal"]').click()
    expect(dialog).to_have_count(0)

    page.get_by_role("button", name="Afficher/masquer la prévisualisation").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.locator("h1")).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert_none(page, "preview")
