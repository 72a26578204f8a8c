"""The report's reads are remembered until a page, a revision or a snippet changes.

The row cache is on here (it is off in the other tests). Changes are made as editors make them:
a draft or a publication through the admin's edit form, a partner saved in the snippets admin;
the dashboard and the admin home are then read again by a translator.
"""

import pytest
from django.core.cache import caches

from partners.models import Partner
from projects.models import ProjectPage
from tests.editorial.conftest import client_for, edit_form, partner_form

from .test_dashboard import make_user

pytestmark = pytest.mark.django_db

URL = "/admin/translations/"


@pytest.fixture
def row_cache(settings):
    settings.ROWCACHE_SECONDS = 600
    caches[settings.PAGECACHE_ALIAS].clear()
    yield
    caches[settings.PAGECACHE_ALIAS].clear()


@pytest.fixture
def translator(client):
    client.force_login(make_user("translator"))
    return client


def missing_in_english(client):
    response = client.get(f"{URL}?language=en&missing=1")
    assert response.status_code == 200
    return {entry.pk for entry in response.context["entries"]}


def english_total(client, type_key="projects.projectpage"):
    response = client.get("/admin/")
    assert response.status_code == 200
    total = next(total for total in response.context["totals"] if total.type_key == type_key)
    return total.complete["en"]


@pytest.mark.usefixtures("row_cache")
def test_the_dashboard_reads_every_page_once_until_something_changes(translator, django_assert_num_queries):
    translator.get(URL)
    # Without the row cache: 2 more, the totals and the programs. Here the request's own
    # (session, user, profile, settings…) and the page of rows: count, rows, changed sources.
    with django_assert_num_queries(9):
        assert translator.get(URL).status_code == 200


@pytest.mark.usefixtures("row_cache")
def test_a_draft_shows_on_the_dashboard_and_the_admin_home(translator):
    acif = ProjectPage.objects.get(acronym="ACIF")
    assert acif.pk not in missing_in_english(translator)
    complete = english_total(translator)

    editor = make_user("an-editor")
    response = client_for(editor).post(f"/admin/pages/{acif.pk}/edit/", edit_form(acif, summary_en=""))
    assert response.status_code == 302  # saved as a draft, not published

    assert acif.pk in missing_in_english(translator)
    assert english_total(translator) == complete - 1


@pytest.mark.usefixtures("row_cache")
def test_a_saved_partner_and_a_deleted_page_show_on_the_dashboard(translator):
    partner = Partner.objects.filter(live=True).exclude(name_en="").exclude(name_en__isnull=True).first()
    assert partner.pk not in missing_in_english(translator)

    editor = make_user("an-editor")
    response = client_for(editor).post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {**partner_form(partner, name_en=""), "action-publish": "1"},
    )
    assert response.status_code == 302
    assert partner.pk in missing_in_english(translator)

    untranslated = ProjectPage.objects.filter(summary_en="").first()
    assert untranslated.pk in missing_in_english(translator)
    response = client_for(editor).post(f"/admin/pages/{untranslated.pk}/delete/")
    assert response.status_code == 302
    assert untranslated.pk not in missing_in_english(translator)
