"""TranslationStatus: one row per page or snippet and language, judged by completeness.py and
kept by every change; checked against the objects themselves and against a rebuild."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Page

from organisation.models import OrganisationSettings
from partners.models import Partner
from projects.models import ProgramPage, ProjectDocument, ProjectPage
from tests.editorial.conftest import client_for, edit_form, partner_form
from tests.factories import PartnerFactory, ProgramPageFactory, ProjectPageFactory
from tests.translations.figures import english_projects_sentence, untranslated_projects
from translations import selectors
from translations.completeness import has_text, language_codes, missing_fields
from translations.models import TranslationStatus
from translations.status import rebuild

from .test_dashboard import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def status(obj, language="en"):
    content_type = ContentType.objects.get_for_model(type(obj))
    return TranslationStatus.objects.get(content_type=content_type, object_id=obj.pk, language=language)


def add_project(program, **fields):
    """A project with a title in each language and no other text unless `fields` gives some."""
    empty = {"subtitle_fr": "", "summary_fr": "", "summary_en": "", "countries": []}
    return ProjectPageFactory(parent=program, **{**empty, **fields})


def projects_total():
    return next(total for total in selectors.totals() if total.type_key == "projects.projectpage")


def snapshot():
    """Every stored row, as comparable values."""
    fields = [
        "content_type_id",
        "object_id",
        "language",
        *[f.attname for f in TranslationStatus._meta.fields],
    ]
    return {
        (row["content_type_id"], row["object_id"], row["language"]): row
        for row in TranslationStatus.objects.values(*[name for name in fields if name != "id"])
    }


def assert_rows_are_fresh():
    """The rows kept by the changes equal the rows a rebuild writes from the objects."""
    kept = snapshot()
    rebuild()
    fresh = snapshot()
    assert kept.keys() == fresh.keys()
    different = [
        (
            key,
            {
                name: (kept[key][name], fresh[key][name])
                for name in fresh[key]
                if kept[key][name] != fresh[key][name]
            },
        )
        for key in fresh
        if kept[key] != fresh[key]
    ]
    assert not different, different[:2]


def test_every_page_snippet_and_setting_has_one_row_per_language():
    program = ProgramPageFactory()
    built = [program, ProjectPageFactory(parent=program), PartnerFactory()]
    expected = (
        Page.objects.filter(depth__gt=1).count()
        + Partner.objects.count()
        + OrganisationSettings.objects.count()
    )
    for code in language_codes():
        assert selectors.rows(code).count() == expected
    for obj in built:
        assert {
            row.language
            for row in TranslationStatus.objects.filter(object_id=obj.pk, group=status(obj).group)
        } == (set(language_codes()))
    assert not TranslationStatus.objects.filter(
        content_type=ContentType.objects.get_for_model(ProjectDocument)
    )


def test_english_totals_match_the_projects_left_untranslated_in_the_database():
    before = projects_total()
    program = ProgramPageFactory()
    ProjectPageFactory.create_batch(2, parent=program)
    left = ProjectPageFactory(parent=program, summary_en="")
    assert left.pk in untranslated_projects()
    projects = projects_total()
    assert projects.total == ProjectPage.objects.count() == before.total + 3
    assert projects.complete == {"fr": before.complete["fr"] + 3, "en": before.complete["en"] + 2}
    assert projects.sentence("en") == english_projects_sentence()
    incomplete = set(
        selectors.missing_in(selectors.of_type(selectors.rows(), "projects.projectpage"), "en").values_list(
            "object_id", flat=True
        )
    )
    assert incomplete == untranslated_projects()


def test_a_project_left_to_translate_lacks_its_english_summary_and_body(untranslated_project):
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    row = status(project)
    assert row.missing == ["summary", "body"] and not row.complete
    assert row.labels(row.missing) == ["Summary", "Body"]
    assert status(project, "fr").missing == [] and status(project, "fr").percent == 100
    assert row.percent < 100
    assert (row.type_key, row.type_name, row.title, row.status) == (
        "projects.projectpage",
        "Project",
        project.title_en,
        "live",
    )
    assert row.program_id == project.get_parent().pk
    assert dict(selectors.programs())[row.program_id] == project.get_parent().specific.title_en
    assert row.edit_url == f"/admin/pages/{project.pk}/edit/"
    assert row.last_edited == project.latest_revision_created_at
    # In French, the French title.
    assert status(project, "fr").title == project.title_fr != project.title_en


def test_completeness_counts_fields_filled_in_the_language_over_fields_filled_in_any():
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    project = add_project(program, title_en="Project 1", summary_fr="Résumé", subtitle_en="Subtitle")
    # Filled somewhere: title, summary, subtitle. French has title and summary, English title and subtitle.
    assert (status(project, "fr").percent, status(project, "en").percent) == (66, 66)
    assert (status(project, "fr").missing, status(project, "en").missing) == (["subtitle"], ["summary"])


def test_an_object_with_no_text_at_all_is_complete():
    partner = Partner.objects.create(name="", name_fr="", name_en="")
    assert all(
        status(partner, code).complete and status(partner, code).percent == 100 for code in language_codes()
    )


def test_program_pages_and_index_pages_have_no_program():
    for row in selectors.rows().filter(group=0):
        page = Page.objects.get(pk=row.object_id)
        if page.depth <= 3:
            assert row.program_id is None, row.title
        else:
            assert row.program_id == page.get_ancestors().get(depth=3).pk, row.title


def test_partners_have_their_snippet_edit_url_and_status():
    partner = Partner.objects.create(
        name_fr="Association", name_en="", description_fr="<p>Texte</p>", acronym="AS"
    )
    row = status(partner)
    assert row.missing == ["name", "description"]
    assert row.status == "live" and row.last_edited is None
    assert row.edit_url == f"/admin/snippets/partners/partner/edit/{partner.pk}/"
    assert row.type_name == "Partner"
    assert row.title == "Association (AS)"  # the French name, as no English one


def test_a_saved_draft_counts_before_it_is_published(untranslated_project):
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    draft = project.get_latest_revision_as_object()
    draft.summary_en = "The project, in English."
    draft.save_revision()
    assert ProjectPage.objects.get(pk=project.pk).summary_en in ("", None)
    assert status(project).missing == ["body"]
    assert status(project).status == "live+draft"
    assert timezone.now() - status(project).last_edited < datetime.timedelta(minutes=1)


def test_a_page_never_published_is_a_draft():
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    project = ProjectPage(title_fr="Brouillon", slug_fr="brouillon", slug_en="draft", live=False)
    program.add_child(instance=project)
    project.save_revision()
    assert status(project).status == "draft"
    assert str(status(project).status_label) == "draft"


def test_white_space_of_every_kind_is_judged_by_has_text():
    project = ProjectPage.objects.live().order_by("path").first()
    project.summary_en = "\u00a0\u2003"
    project.save_revision().publish()
    assert not has_text(project.summary_en)
    assert "summary" in missing_fields(ProjectPage.objects.get(pk=project.pk), "en")
    assert "summary" in status(project).missing


def test_rows_follow_saves_drafts_publications_unpublications_and_deletions():
    assert_rows_are_fresh()
    program = ProgramPage.objects.order_by("path").first()
    project = ProjectPage(title_fr="Projet suivi", slug_fr="projet-suivi", slug_en="followed-project")
    program.add_child(instance=project)
    assert_rows_are_fresh()
    project.save_revision().publish()
    assert_rows_are_fresh()
    draft = ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object()
    draft.title_en = "Followed project"
    draft.summary_en = "Only in a draft"
    draft.save_revision()
    assert status(project).title == "Followed project"
    assert_rows_are_fresh()
    ProjectPage.objects.get(pk=project.pk).unpublish()
    assert status(project).status == "draft"
    assert_rows_are_fresh()
    ProjectPage.objects.get(pk=project.pk).delete()
    assert not TranslationStatus.objects.filter(group=0, object_id=project.pk).exists()
    assert_rows_are_fresh()


def test_rows_follow_a_move_of_a_program_and_its_projects():
    programs = list(ProgramPage.objects.order_by("path"))
    moved = programs[0]
    children = list(ProjectPage.objects.child_of(moved).values_list("pk", flat=True))
    moved.move(programs[1], pos="last-child")
    assert_rows_are_fresh()
    assert set(selectors.rows().filter(program_id=programs[1].pk).values_list("object_id", flat=True)) >= {
        moved.pk
    }
    # The moved projects are below the other program now.
    assert not selectors.rows().filter(object_id__in=children, program_id=moved.pk).exists()


def test_rows_follow_a_reordering_of_siblings():
    # The admin's "sort" moves one page left of another: the siblings after it take new
    # places in the tree, and the dashboard's order (the tree's) follows at once.
    program = ProgramPageFactory()
    first, second, third = (ProjectPageFactory(parent=program) for _ in range(3))
    ProjectPage.objects.get(pk=third.pk).move(ProjectPage.objects.get(pk=first.pk), pos="left")
    assert_rows_are_fresh()
    order = list(
        selectors.rows()
        .filter(object_id__in=[first.pk, second.pk, third.pk], language="en")
        .order_by("position")
        .values_list("object_id", flat=True)
    )
    assert order == [third.pk, first.pk, second.pk]


def test_rows_follow_snippets_and_their_drafts():
    partner = Partner.objects.create(name_fr="Association suivie", name_en="", description_fr="<p>Texte</p>")
    assert_rows_are_fresh()
    partner.name_en = "Followed association"
    revision = partner.save_revision()
    assert status(partner).missing == ["description"] and status(partner).status == "live+draft"
    assert_rows_are_fresh()
    revision.publish()
    assert_rows_are_fresh()
    partner.delete()
    assert not TranslationStatus.objects.filter(
        content_type=ContentType.objects.get_for_model(Partner), object_id=partner.pk
    )
    assert_rows_are_fresh()


def test_a_rolled_back_change_leaves_the_rows_as_they_were():
    project = ProjectPage.objects.get(slug_en="saara")
    assert status(project).complete
    with pytest.raises(RuntimeError), transaction.atomic():
        project.summary_en = ""
        project.save()
        assert not status(project).complete  # written with the change, in its transaction
        raise RuntimeError
    assert status(project).complete


def test_the_report_command_rebuilds_the_rows_after_a_bulk_update():
    project = ProjectPage.objects.live().exclude(summary_en="").order_by("path").first()
    ProjectPage.objects.filter(pk=project.pk).update(summary_en="")
    assert status(project).complete  # .update() sends no signal: the row is behind
    err = io.StringIO()
    call_command("translation_report", "--rebuild", "--format", "json", stdout=io.StringIO(), stderr=err)
    assert "summary" in status(project).missing
    assert "translation status rows written" in err.getvalue()
    assert_rows_are_fresh()


def test_totals_equal_a_count_made_in_python_over_the_objects(untranslated_project):
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    draft = project.get_latest_revision_as_object()
    draft.summary_en = "Written in a draft only."
    draft.save_revision()
    Partner.objects.create(
        name_fr="Association", name_en="   ", description_fr="<p>Texte</p>", description_en="<p> </p>"
    )
    expected = {}
    for row in selectors.rows():
        model = row.model
        obj = model._default_manager.get(pk=row.object_id)
        if getattr(obj, "has_unpublished_changes", False) and obj.latest_revision_id:
            obj = (
                obj.get_latest_revision_as_object()
                if isinstance(obj, Page)
                else obj.latest_revision.as_object()
            )
        total, complete = expected.setdefault(
            model._meta.label_lower, [0, dict.fromkeys(language_codes(), 0)]
        )
        expected[model._meta.label_lower][0] += 1
        for code in language_codes():
            complete[code] += not missing_fields(obj, code)
            assert status(obj, code).missing == missing_fields(obj, code)
    assert {total.type_key: [total.total, total.complete] for total in selectors.totals()} == expected


# Through the admin, as editors change things ---------------------------------------------------


def missing_in_english(client):
    response = client.get("/admin/translations/?language=en&missing=1")
    assert response.status_code == 200
    return {(row.type_key, row.object_id) for row in response.context["object_list"]}


def english_complete(client):
    response = client.get("/admin/")
    total = next(total for total in response.context["totals"] if total.type_key == "projects.projectpage")
    return total.complete["en"]


def test_a_draft_saved_in_the_edit_form_shows_on_the_dashboard_and_the_admin_home(client):
    client.force_login(make_user("a-translator"))
    acif = ProjectPage.objects.get(acronym="ACIF")
    assert ("projects.projectpage", acif.pk) not in missing_in_english(client)
    complete = english_complete(client)
    response = client_for(make_user("an-editor")).post(
        f"/admin/pages/{acif.pk}/edit/", edit_form(acif, summary_en="")
    )
    assert response.status_code == 302  # saved as a draft, not published
    assert ("projects.projectpage", acif.pk) in missing_in_english(client)
    assert english_complete(client) == complete - 1


def test_a_partner_saved_and_a_page_deleted_in_the_admin_show_on_the_dashboard(client):
    client.force_login(make_user("a-translator"))
    partner = Partner.objects.filter(live=True).exclude(name_en="").exclude(name_en__isnull=True).first()
    assert ("partners.partner", partner.pk) not in missing_in_english(client)
    editor = client_for(make_user("an-editor"))
    response = editor.post(
        f"/admin/snippets/partners/partner/edit/{partner.pk}/",
        {**partner_form(partner, name_en=""), "action-publish": "1"},
    )
    assert response.status_code == 302
    assert ("partners.partner", partner.pk) in missing_in_english(client)
    untranslated = ProjectPage.objects.filter(summary_en="").first()
    assert ("projects.projectpage", untranslated.pk) in missing_in_english(client)
    assert editor.post(f"/admin/pages/{untranslated.pk}/delete/").status_code == 302
    assert ("projects.projectpage", untranslated.pk) not in missing_in_english(client)
