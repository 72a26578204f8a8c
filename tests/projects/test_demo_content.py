"""load_demo builds the whole seed portfolio, reachable in both languages, and is idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from partners.models import Partner
from projects.models import HomePageFeaturedProject, ProgramPage, ProjectPage, ProjectPartner
from tests.conftest import project_url

pytestmark = pytest.mark.django_db


def test_every_seed_project_is_built(demo_content):
    assert ProjectPage.objects.live().count() == len(demo_content["projects"]) == 28
    assert ProgramPage.objects.live().count() == 4
    assert Partner.objects.count() == 5


def test_current_and_archived_projects_match_the_seed():
    projects = list(ProjectPage.objects.live())
    current = [project for project in projects if not project.is_archived]
    archived = [project for project in projects if project.is_archived]
    assert len(current) == 11
    assert len(archived) == 17
    mobil = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    assert (mobil.start_year, mobil.end_year, mobil.end_month) == (2002, 2016, 4)
    assert mobil.is_archived
    form = ProjectPage.objects.get(acronym="FORM'Algérie")
    assert (form.end_year, form.end_month) == (2016, 2)
    assert sorted(country.code for country in mobil.countries) == ["FR", "VN"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_project_is_reachable_in_both_languages(client, demo_content, language):
    for project in demo_content["projects"]:
        response = client.get(project_url(demo_content, project, language))
        assert response.status_code == 200, project["key"]
        # The English title of an untranslated page is the seed's; every title shows.
        expected_title = project["title"][language] or project["title"]["fr"]
        assert escape(expected_title) in response.text, project["key"]


def test_the_seed_partners_are_linked_to_their_projects():
    acif = ProjectPage.objects.get(acronym="ACIF")
    names = {link.partner.name_fr for link in acif.partner_links.all()}
    assert {"Mission Locale", "CODASE"} <= names
    assert ProjectPartner.objects.filter(partner__acronym="GRDR", page__acronym="INNOV'Asso").exists()


def test_placeholder_images_and_project_note_exist():
    gbv = ProjectPage.objects.get(slug_en="gender-based-violence-in-vietnam")
    assert gbv.hero_image is not None
    document = gbv.documents.get()
    assert document.language == "en"
    assert document.document.file.read(5) == b"%PDF-"


def test_the_project_note_is_a_text_document_written_from_the_project_in_its_language(demo_content):
    from pypdf import PdfReader

    gbv = ProjectPage.objects.get(slug_en="gender-based-violence-in-vietnam")
    document = gbv.documents.get()
    with document.document.file.open("rb") as file:
        reader = PdfReader(file)
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        assert reader.metadata.title == gbv.title_en
        assert reader.trailer["/Root"]["/Lang"] == "en"
    # Its own text: title, facts, summary and description, in English, not a picture.
    assert "PROJECT NOTE" in text
    assert "Places Ho Chi Minh City, Hanoi" in text
    assert "Countries Vietnam" in text
    assert " ".join(gbv.summary_en.split()) in text
    assert "58% of women who have ever been married" in text
    assert "Note de projet" not in text and "Hô Chi Minh" not in text


def _counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "partners": Partner.objects.count(),
        "links": ProjectPartner.objects.count(),
        "featured": HomePageFeaturedProject.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_load_demo_twice_changes_nothing():
    before = _counts()
    latest = dict(Page.objects.values_list("pk", "latest_revision_id"))
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert dict(Page.objects.values_list("pk", "latest_revision_id")) == latest
    assert "0 objects created" in out.getvalue()


def test_load_demo_keeps_an_editors_change():
    project = ProjectPage.objects.get(acronym="SAARA")
    project.summary_en = "Edited by staff"
    project.save_revision().publish()
    call_command("load_demo", stdout=io.StringIO())
    project.refresh_from_db()
    assert project.summary_en == "Edited by staff"


def test_load_demo_prints_the_admin_credentials(monkeypatch):
    # The account exists only on SQLite; the tests may run on PostgreSQL.
    monkeypatch.setattr("projects.management.commands.load_demo.database_vendor", lambda: "sqlite")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "username: admin" in out.getvalue()
    assert "password: portfolio-demo" in out.getvalue()
    assert get_user_model().objects.get(username="admin").check_password("portfolio-demo")


def test_load_demo_creates_no_account_where_settings_forbid_it(settings):
    settings.DEMO_ADMIN_ENABLED = False
    get_user_model().objects.filter(username="admin").delete()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert not get_user_model().objects.filter(username="admin").exists()
    assert "password" not in out.getvalue()


def test_an_older_demo_database_loses_the_placeholders_it_was_given(demo_content):
    """What earlier versions of load_demo wrote for staff is taken back, where nobody edited it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.rich_text import RichText

    from organisation.models import OrganisationSettings
    from projects.models import DemoRecord

    organisation = OrganisationSettings.objects.get()
    organisation.name_fr = "[À compléter] Nom de l’organisation"
    organisation.name_en = "[To complete] Organisation name"
    organisation.save()
    contact = organisation.contact_page.specific
    contact.introduction_fr = "[À compléter] Dites ici comment et pour quoi nous écrire."
    contact.body_en = [("paragraph", RichText("<p>[To complete] The postal address…</p>"))]
    contact.save_revision().publish()
    about = organisation.about_page.specific
    about.introduction_en = "[To complete] Edited by staff, placeholder kept on purpose."
    about.save_revision(user=get_user_model().objects.create_user("staff")).publish()
    partner = Partner.objects.get(acronym="GRDR")
    logo = ProjectPage.objects.get(acronym="SAARA").hero_image
    partner.logo = logo
    partner.save_revision().publish()
    DemoRecord.objects.create(
        key="logo:partner:grdr", content_type=ContentType.objects.get_for_model(logo), object_id=logo.pk
    )

    call_command("load_demo", stdout=io.StringIO())

    organisation.refresh_from_db()
    assert organisation.name_fr == organisation.name_en == ""
    contact.refresh_from_db()
    assert not contact.live  # back to a draft: its facts are for staff to give
    assert "[À compléter]" not in str(contact.get_latest_revision().content)
    about.refresh_from_db()
    assert about.introduction_en.startswith("[To complete] Edited by staff")  # an editor's page: kept
    partner.refresh_from_db()
    assert partner.logo is None


def test_an_older_demo_database_stops_repeating_the_archived_projects_sentence(demo_content):
    """Earlier versions of load_demo said the summary of the archived projects the organisation
    only names again in their body: taken back where nobody edited the project."""
    from wagtail.rich_text import RichText

    named = [data for data in demo_content["projects"] if data["archived"] and not data["body"]["fr"]]
    assert len(named) == 15
    pages = [ProjectPage.objects.get(slug_en=data["slug"]["en"]) for data in named]
    for page, data in zip(pages, named, strict=True):
        page.body_fr = [("paragraph", RichText(f"<p>{escape(data['summary']['fr'])}</p>"))]
        page.save_revision().publish()  # as the command saved it: no user
    edited, drafted, *untouched = pages
    edited.save_revision(user=get_user_model().objects.create_user("staff")).publish()
    edited_revision = edited.latest_revision_id
    drafted.unpublish()  # a forced run leaves its pages drafts: fixed, still a draft

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    for page in untouched:
        page.refresh_from_db()
        assert page.live and not page.has_unpublished_changes, page.title_fr
        assert not page.body_fr and not page.body_en, page.title_fr
        assert page.summary_fr, page.title_fr
    assert out.getvalue().count("its summary no longer repeated in its body") == len(untouched) + 1
    drafted.refresh_from_db()
    assert not drafted.live and not drafted.get_latest_revision_as_object().body_fr
    edited.refresh_from_db()
    assert edited.latest_revision_id == edited_revision and len(edited.body_fr) == 1  # an editor's page: kept
    # Run again: nothing left to take back.
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "no longer repeated" not in again.getvalue()
