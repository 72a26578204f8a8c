"""load_demo never harms real content: it refuses a site holding others' work, finds its own
objects by their demo key, leaves deleted objects deleted, never publishes over a draft, and
creates the well-known account only with the development settings on SQLite."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from partners.models import Partner
from projects.models import DemoRecord, ProgramPage, ProjectPage

pytestmark = pytest.mark.django_db

LOAD_DEMO = "projects.management.commands.load_demo"


def _load(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _project(demo_content, key):
    record = DemoRecord.objects.get(key=f"project:{key}")
    return ProjectPage.objects.get(pk=record.object_id)


def test_every_demo_object_is_recorded_under_its_key(demo_content):
    keys = set(DemoRecord.objects.values_list("key", flat=True))
    assert {f"project:{project['key']}" for project in demo_content["projects"]} <= keys
    assert {f"partner:{partner['key']}" for partner in demo_content["partners"]} <= keys
    assert {"home", "index:projects", "index:archive", "index:partners"} <= keys


def test_refuses_a_site_holding_content_it_did_not_create():
    program = ProgramPage.objects.first()
    program.add_child(instance=ProjectPage(title="Projet d'une éditrice", slug="projet-editrice"))
    Partner.objects.create(name="Partenaire réel", name_fr="Partenaire réel")
    pages, partners = Page.objects.count(), Partner.objects.count()
    with pytest.raises(CommandError) as error:
        _load()
    message = str(error.value)
    assert "--force" in message
    assert "pages: 1" in message and "partners: 1" in message
    assert (Page.objects.count(), Partner.objects.count()) == (pages, partners)


def test_forced_on_a_real_site_it_adds_drafts_not_published_pages(demo_content):
    program = ProgramPage.objects.first()
    program.add_child(instance=ProjectPage(title="Projet d'une éditrice", slug="projet-editrice"))
    project = _project(demo_content, demo_content["projects"][0]["key"])
    project.delete()
    _load("--force")
    recreated = _project(demo_content, demo_content["projects"][0]["key"])
    assert recreated.pk != project.pk
    assert not recreated.live
    assert recreated.latest_revision is not None


def test_a_project_an_editor_deleted_stays_deleted(demo_content):
    key = demo_content["projects"][3]["key"]
    project = _project(demo_content, key)
    project.delete()
    count = ProjectPage.objects.count()
    out = _load()
    assert ProjectPage.objects.count() == count
    assert not ProjectPage.objects.filter(slug_fr=project.slug_fr).exists()
    assert f"project:{key}" in out


def test_a_partner_an_editor_deleted_stays_deleted_and_is_not_linked_again(demo_content):
    key = demo_content["partners"][0]["key"]
    Partner.objects.get(pk=DemoRecord.objects.get(key=f"partner:{key}").object_id).delete()
    count = Partner.objects.count()
    out = _load()
    assert Partner.objects.count() == count
    # Named once in the report, though the loader looks the record up more than once.
    assert out.count(f"partner:{key}") == 1


def test_a_renamed_partner_is_not_duplicated(demo_content):
    record = DemoRecord.objects.get(key=f"partner:{demo_content['partners'][0]['key']}")
    partner = Partner.objects.get(pk=record.object_id)
    partner.name = partner.name_fr = "Nom choisi par l'équipe"
    partner.save()
    count = Partner.objects.count()
    out = _load()
    assert Partner.objects.count() == count
    assert "0 objects created" in out
    partner.refresh_from_db()
    assert partner.name_fr == "Nom choisi par l'équipe"


def test_an_edited_slug_neither_aborts_nor_duplicates_the_page(demo_content):
    project = _project(demo_content, demo_content["projects"][0]["key"])
    project.slug_fr = project.slug = "adresse-choisie-par-l-equipe"
    project.save_revision().publish()
    count = ProjectPage.objects.count()
    out = _load()
    assert ProjectPage.objects.count() == count
    assert "0 objects created" in out
    project.refresh_from_db()
    assert project.slug_fr == "adresse-choisie-par-l-equipe"


def test_an_editors_newer_draft_is_never_published_over(demo_content):
    project = _project(demo_content, demo_content["projects"][1]["key"])
    live_title = project.title_fr
    project.title_fr = "Brouillon de l'éditrice"
    draft = project.save_revision()
    for args in ((), ("--force",)):
        _load(*args)
        project.refresh_from_db()
        assert project.latest_revision_id == draft.pk
        assert project.has_unpublished_changes
        assert project.title_fr == live_title


def test_no_demo_account_on_a_database_other_than_sqlite(monkeypatch):
    monkeypatch.setattr(f"{LOAD_DEMO}.database_vendor", lambda: "postgresql")
    get_user_model().objects.filter(username="admin").delete()
    out = _load()
    assert not get_user_model().objects.filter(username="admin").exists()
    assert "password" not in out
    assert "SQLite" in out


@pytest.mark.parametrize(
    ("address", "printed"),
    [
        ("0.0.0.0:9001", "http://127.0.0.1:9001/"),
        ("8123", "http://127.0.0.1:8123/"),
        ("192.0.2.7:80", "http://192.0.2.7:80/"),
    ],
)
def test_prints_the_address_the_server_uses(monkeypatch, address, printed):
    monkeypatch.setenv("ADDRESS", address)
    out = _load()
    assert f"Demo site ready: {printed}" in out
    assert "127.0.0.1:8000" not in out


def test_the_address_argument_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("ADDRESS", "127.0.0.1:8123")
    assert "Demo site ready: http://localhost:8500/" in _load("--address", "localhost:8500")
