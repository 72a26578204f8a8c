"""The translator's workbench: the source beside the target, saving, review, publishing, refusals."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from partners.models import Partner
from projects.models import ProgramPage, ProjectDocument, ProjectPage
from tests.editorial.conftest import client_for
from tests.translations.test_status import add_project
from translations.models import TranslationRecord

pytestmark = pytest.mark.django_db

SUMMARY_EN = "The summary of the project, in English."
PARAGRAPH_EN = "<p>The project is described here in English.</p>"


def workbench_url(obj, language="en", query=""):
    content_type = ContentType.objects.get_for_model(type(obj.specific if isinstance(obj, Page) else obj))
    return f"/admin/translations/translate/{content_type.pk}/{obj.pk}/{language}/{query}"


def untranslated_projects():
    """The projects missing their English summary, in site order (the dashboard's)."""
    return list(ProjectPage.objects.filter(summary_en="").order_by("path"))


@pytest.fixture
def project(untranslated_project):
    """A project whose French summary and body are left to translate (tests/factories.py)."""
    return ProjectPage.objects.get(pk=untranslated_project.pk)


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def form_data(response, **changes):
    """The workbench form as the browser posts it (rich text fields keep their Draftail state)."""
    data = {}
    for field in soup(response).select("form[method=post] [name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        elif field.get("type") == "checkbox":
            continue
        elif field.name in ("input",) and field.get("type") != "submit":
            data[name] = field.get("value", "")
    data.update(changes)
    return data


def translated(response, **changes):
    """The form with every empty English field of a project filled in, and `changes`."""
    data = form_data(response, **changes)
    for name in data:
        if re.fullmatch(r"body-\d+", name) and '"text": ""' in data[name]:
            data[name] = draftail(PARAGRAPH_EN)
    if not data.get("summary_en"):
        data["summary_en"] = SUMMARY_EN
    return data


def refused(response):
    """The admin's answer to a refused request: the dashboard, with "permission denied"."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def draftail(html):
    """A Draftail value for one paragraph, as the rich text editor posts it."""
    text = re.sub("<[^>]+>", "", html)
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text}
    return json.dumps({"blocks": [{**block, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}})


# Reading -------------------------------------------------------------------------------------


def test_the_source_is_shown_beside_an_empty_target(translator, project):
    response = client_for(translator).get(workbench_url(project))
    assert response.status_code == 200
    page = soup(response)
    source = page.select_one('[data-source="summary_en"]')
    assert source["lang"] == "fr"
    assert source.get_text(strip=True) == project.summary_fr.strip()
    target = page.select_one('textarea[name="summary_en"]')
    assert target["lang"] == "en"
    assert target.get_text().strip() == ""
    assert target["aria-describedby"] == "source-summary_en"
    assert target.has_attr("autofocus")  # the first field to fill
    # Every field is open, the translated title too (for context), marked as translated.
    assert page.select_one('details[data-translation-field="summary"]').has_attr("open")
    title = page.select_one('details[data-translation-field="title"]')
    assert title.has_attr("open") and title["data-status"] == "done"
    assert title.select_one('[data-source="title_en"]')["lang"] == "fr"
    assert page.select_one("[data-translation-remaining]")["data-translation-remaining"] == str(
        len(untranslated_projects())
    )
    # "Skip" leads to the next item missing English, without saving (after the last, the first).
    skip = page.select_one("a[data-skip]")["href"]
    queue = untranslated_projects()
    assert skip == workbench_url(queue[(queue.index(project) + 1) % len(queue)])


def test_the_body_is_translated_block_by_block_with_the_source_structure(translator, project):
    client = client_for(translator)
    source_blocks = list(project.body_fr)
    assert source_blocks and not project.body_en
    page = soup(client.get(workbench_url(project)))
    blocks = page.select('details[data-translation-field="body"] fieldset[data-block]')
    assert len(blocks) == len(source_blocks)
    first = source_blocks[0]
    assert page.select_one('[data-source="body-0"]')["lang"] == "fr"
    response = client.get(workbench_url(project))
    client.post(workbench_url(project), form_data(response, **{"body-0": draftail(PARAGRAPH_EN)}))
    draft = ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object()
    assert [(child.block_type, child.id) for child in draft.body_en] == [(first.block_type, first.id)]
    assert "The project is described here in English." in draft.body_en[0].value.source


def test_a_block_added_to_the_source_appears_as_an_empty_block_to_fill(editor, project):
    client = client_for(editor)
    response = client.get(workbench_url(project))
    client.post(
        workbench_url(project),
        form_data(
            response,
            summary_en=SUMMARY_EN,
            **{f"body-{index}": draftail(PARAGRAPH_EN) for index in range(len(project.body_fr))},
            **{"action-publish": "1"},
        ),
    )
    project.refresh_from_db()
    assert len(project.body_en) == len(project.body_fr)
    # A French paragraph is added at the end.
    body = [(child.block_type, child.value, child.id) for child in project.body_fr]
    body.append(("paragraph", project.body_fr[0].value, None))
    project.body_fr = [(kind, value) for kind, value, _id in body]
    project.save_revision(user=editor).publish()
    page = soup(client.get(workbench_url(project)))
    details = page.select_one('details[data-translation-field="body"]')
    assert details.has_attr("open")
    fields = details.select("fieldset[data-block]")
    assert len(fields) == len(body)
    assert "(" in fields[-1].legend.get_text()  # marked "to translate"
    last = fields[-1].select_one(f'[name="body-{len(body) - 1}"]')
    assert '"text": ""' in last["value"]


# Saving --------------------------------------------------------------------------------------


def test_a_translators_save_is_submitted_for_review_and_not_published(translator, project):
    client = client_for(translator)
    response = client.get(workbench_url(project))
    response = client.post(
        workbench_url(project), form_data(response, summary_en=SUMMARY_EN, **{"action-save": "1"})
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary_en == ""  # the live page waits for the review
    assert project.get_latest_revision_as_object().summary_en == SUMMARY_EN
    assert project.workflow_in_progress
    assert project.current_workflow_state.requested_by == translator


def test_translators_cannot_publish_from_the_workbench(translator, project):
    client = client_for(translator)
    response = client.get(workbench_url(project))
    assert 'name="action-publish"' not in response.text
    revisions = project.revisions.count()
    response = client.post(
        workbench_url(project), form_data(response, summary_en=SUMMARY_EN, **{"action-publish": "1"})
    )
    assert refused(response)
    project.refresh_from_db()
    assert project.summary_en == ""
    assert project.revisions.count() == revisions


def test_an_editor_saves_and_publishes(editor, project):
    client = client_for(editor)
    response = client.get(workbench_url(project))
    assert 'name="action-publish"' in response.text
    client.post(workbench_url(project), form_data(response, summary_en=SUMMARY_EN, **{"action-publish": "1"}))
    project.refresh_from_db()
    assert project.live and project.summary_en == SUMMARY_EN
    assert not project.has_unpublished_changes


def test_publishing_keeps_the_french_complete_policy(editor, project):
    """An editor translating into French may not publish a page whose French is incomplete."""
    project.summary_en, project.summary_fr = SUMMARY_EN, ""
    project.save_revision(user=editor)
    client = client_for(editor)
    response = client.get(workbench_url(project, "fr"))
    assert soup(response).select_one('[data-source="summary_fr"]')["lang"] == "en"
    response = client.post(workbench_url(project, "fr"), form_data(response, **{"action-publish": "1"}))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary_fr  # still the French published before
    assert project.get_latest_revision_as_object().summary_fr == ""


def test_save_and_next_goes_to_the_next_item_missing_in_the_dashboards_order(translator):
    first, second, *_rest = untranslated_projects()
    client = client_for(translator)
    query = "?type=projects.projectpage&ordering=title"
    by_title = sorted(untranslated_projects(), key=lambda page: (page.title_fr or "").casefold())
    first, second = by_title[0], by_title[1]
    response = client.get(workbench_url(first, query=query))
    response = client.post(workbench_url(first, query=query), translated(response, **{"action-next": "1"}))
    assert response.status_code == 302
    assert response["Location"] == workbench_url(second, query=query)
    following = client.get(response["Location"])
    assert following.status_code == 200
    assert soup(following).select_one("[data-translation-remaining]")["data-translation-remaining"] == str(
        len(by_title) - 1
    )


def test_the_last_item_leads_back_to_the_dashboard(editor, project):
    client = client_for(editor)
    others = [page for page in untranslated_projects() if page.pk != project.pk]
    for page in others:
        page.summary_en, page.body_en = "Done", page.body_fr.get_prep_value()
        page.save()
    response = client.get(workbench_url(project, query="?type=projects.projectpage"))
    response = client.post(
        workbench_url(project, query="?type=projects.projectpage"),
        translated(response, **{"action-next": "1"}),
    )
    assert response["Location"] == "/admin/translations/?type=projects.projectpage"


def test_a_partner_is_translated_like_a_page(translator):
    partner = Partner.objects.filter(live=True).first()
    partner.description_en = ""
    partner.save()
    client = client_for(translator)
    response = client.get(workbench_url(partner))
    assert response.status_code == 200
    assert soup(response).select_one('[data-source="description_en"]')["lang"] == "fr"
    client.post(
        workbench_url(partner), form_data(response, description_en=draftail("<p>An organisation.</p>"))
    )
    partner.refresh_from_db()
    assert partner.description_en == ""  # waits for the review
    assert "An organisation." in partner.get_latest_revision_as_object().description_en
    assert partner.workflow_in_progress
    response = client.post(workbench_url(partner), form_data(response, **{"action-publish": "1"}))
    assert refused(response)


# Refusals ------------------------------------------------------------------------------------


@pytest.fixture
def outsider(db):
    """Someone who may use the admin but edit nothing (no page permission, no partner permission)."""
    user = get_user_model().objects.create_user("outsider", "outsider@example.org", "secret-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_a_page_the_user_cannot_edit_is_refused(outsider, project):
    client = client_for(outsider)
    assert refused(client.get(workbench_url(project)))
    assert refused(client.post(workbench_url(project), {"summary_en": SUMMARY_EN}))
    project.refresh_from_db()
    assert project.revisions.filter(user=outsider).count() == 0


def test_a_partner_the_user_cannot_edit_is_refused(outsider):
    partner = Partner.objects.first()
    client = client_for(outsider)
    assert refused(client.get(workbench_url(partner)))
    assert refused(client.post(workbench_url(partner), {"name_en": "Changed"}))
    partner.refresh_from_db()
    assert partner.name_en != "Changed"


def test_a_page_locked_by_its_review_cannot_be_saved_by_a_translator(translator, project):
    client = client_for(translator)
    response = client.get(workbench_url(project))
    client.post(workbench_url(project), form_data(response, summary_en=SUMMARY_EN))
    revisions = project.revisions.count()
    response = client.get(workbench_url(project))
    assert 'name="action-next"' not in response.text
    client.post(workbench_url(project), form_data(response, summary_en="Other"))
    assert project.revisions.count() == revisions


@pytest.mark.parametrize(
    "path",
    [
        "/admin/translations/translate/{ct}/{pk}/de/",
        "/admin/translations/translate/{ct}/999999/en/",
        "/admin/translations/translate/{ct}/abc/en/",
        "/admin/translations/translate/999999/{pk}/en/",
        "/admin/translations/translate/{user_ct}/1/en/",
        "/admin/translations/translate/{document_ct}/{document}/en/",
    ],
)
def test_bad_addresses_are_not_found(editor, project, path):
    url = path.format(
        ct=ContentType.objects.get_for_model(ProjectPage).pk,
        pk=project.pk,
        user_ct=ContentType.objects.get_for_model(get_user_model()).pk,
        document_ct=ContentType.objects.get_for_model(ProjectDocument).pk,
        document=getattr(ProjectDocument.objects.first(), "pk", 1),
    )
    # Outside the site's language prefixes, a 404 is first redirected to the default language's.
    assert client_for(editor).get(url, follow=True).status_code == 404


def test_too_long_a_text_is_a_form_error_not_a_server_error(translator, project):
    client = client_for(translator)
    response = client.get(workbench_url(project))
    response = client.post(workbench_url(project), form_data(response, summary_en="<b>x</b>" * 200))
    assert response.status_code == 200
    assert "&lt;b&gt;x&lt;/b&gt;" in response.text and "<b>x</b>" not in response.text
    assert not project.revisions.filter(user=translator).exists()


# Links and query counts ----------------------------------------------------------------------


def test_the_dashboard_and_the_edit_form_link_to_the_workbench(translator, project):
    client = client_for(translator)
    dashboard = soup(
        client.get("/admin/translations/", {"type": "projects.projectpage", "ordering": "title"})
    )
    links = [link["href"] for link in dashboard.select('a[data-translate="en"]')]
    assert workbench_url(project, query="?type=projects.projectpage&ordering=title") in links
    edit = soup(client.get(f"/admin/pages/{project.pk}/edit/"))
    assert edit.select_one('[data-translation-status] a[data-translate="en"]')["href"] == workbench_url(
        project
    )


# Counted on a warm cache. Reading: the admin's furniture (session, user, permissions, profile),
# the page and its rights, its draft, workflow state and records, then the queue (one query:
# how many items remain and the next ones).
WORKBENCH_QUERIES = 15
# Saving and going on: the same reads, then what the edit form's "Submit" costs in Wagtail
# (revision, search index, reference index, log, workflow and task states, notifications),
# the two queries that keep the translation records, the two that keep the translation status
# (the revision's, the page's), and the check that the first of the next
# items listed by the page is still to translate (its page, draft), instead of a whole report.
# Saving runs 5 more statements on SQLite than on PostgreSQL (measured on both): Wagtail's
# database search backend updates its index differently on each engine.
SAVE_AND_NEXT_QUERIES = 107 if connection.vendor == "sqlite" else 102


def test_workbench_query_counts_are_pinned(translator, project, django_assert_num_queries):
    # A banner image, as every project has: saving checks it and keeps its reference (2 queries).
    project.hero_image = ProjectPage.objects.get(acronym="SAARA").hero_image
    project.save_revision().publish()
    client = client_for(translator)
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    add_project(program, title_en="", summary_fr="Résumé").save_revision()  # a draft: its revision is read
    client.get(workbench_url(project))
    with django_assert_num_queries(WORKBENCH_QUERIES):
        client.get(workbench_url(project))
    for _number in range(3):  # more items to translate, and drafts among them: the same count
        add_project(program, title_en="", summary_fr="Résumé").save_revision()
    client.get(workbench_url(project))
    with django_assert_num_queries(WORKBENCH_QUERIES):
        response = client.get(workbench_url(project))
    data = translated(response, **{"action-next": "1"})
    # Measured from cold caches, so the count does not depend on which tests ran before.
    ContentType.objects.clear_cache()
    cache.clear()
    with django_assert_num_queries(SAVE_AND_NEXT_QUERIES):
        response = client.post(workbench_url(project), data)
    assert response.status_code == 302


def test_records_follow_the_translations(translator, project):
    client = client_for(translator)
    response = client.get(workbench_url(project))
    client.post(workbench_url(project), form_data(response, summary_en=SUMMARY_EN))
    record = TranslationRecord.objects.get(object_id=str(project.pk), field="summary", language="en")
    assert record.source_language == "fr" and not record.source_changed
    assert record.updated_by == translator


def test_what_a_translator_saved_is_not_published_by_bulk_publish_either(translator, editor, project):
    """The bulk path: the translator's submission stays unpublished, whoever tries, until complete."""
    client = client_for(translator)
    response = client.get(workbench_url(project))
    client.post(workbench_url(project), form_data(response, summary_en=SUMMARY_EN))
    bulk = f"/admin/bulk/wagtailcore/page/publish/?id={project.pk}&next=/admin/pages/"
    client.post(bulk, {})
    project.refresh_from_db()
    assert project.summary_en == ""
    # An editor translating into French cannot bulk publish the page with its French emptied.
    draft = project.get_latest_revision_as_object()
    draft.summary_fr = ""
    draft.save_revision(user=editor)
    client_for(editor).post(bulk, {})
    project.refresh_from_db()
    assert project.summary_fr and project.summary_en == ""


def test_save_and_next_skips_a_listed_item_translated_meanwhile_and_ignores_bad_candidates(editor):
    first, second, third, *_rest = untranslated_projects()
    client = client_for(editor)
    query = "?type=projects.projectpage"
    response = client.get(workbench_url(first, query=query))
    listed = soup(response).select_one('input[name="candidates"]')["value"].split()
    content_type = ContentType.objects.get_for_model(ProjectPage).pk
    assert listed[:2] == [f"{content_type}:{second.pk}", f"{content_type}:{third.pk}"]
    # Someone else completes the second one in the meantime.
    second.summary_en, second.body_en = "Done", second.body_fr.get_prep_value()
    second.save()
    data = translated(response, **{"action-next": "1"})
    data["candidates"] = " ".join(["x:1", "999999:1", f"{content_type}:abc", *listed])
    response = client.post(workbench_url(first, query=query), data)
    assert response["Location"] == workbench_url(third, query=query)


def test_a_rich_text_value_that_is_not_the_editors_is_a_form_error(translator, project):
    client = client_for(translator)
    response = client.get(workbench_url(project))
    response = client.post(workbench_url(project), form_data(response, **{"body-0": "<script>not json"}))
    assert response.status_code == 200
    assert "<script>not json" not in response.text
    assert soup(response).select_one('[data-block="0"] .error-message')
    assert not project.revisions.filter(user=translator).exists()
