"""The translation report's figures, checked against the database."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.models import Page

from partners.models import Partner
from projects.models import ProgramPage, ProjectPage
from tests.factories import PartnerFactory, ProgramPageFactory, ProjectPageFactory
from tests.translations.figures import english_projects_sentence, untranslated_projects
from translations.report import build_report, sort_entries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def entry_for(report, obj):
    return next(
        entry for entry in report.entries if type(entry.object) is type(obj) and entry.object.pk == obj.pk
    )


def add_project(program, **fields):
    """A project with a title in each language and no other text unless `fields` gives some."""
    empty = {"subtitle_fr": "", "summary_fr": "", "summary_en": "", "countries": []}
    return ProjectPageFactory(parent=program, **{**empty, **fields})


def projects_total(report):
    return next(total for total in report.totals if total.type_key == "projects.projectpage")


def test_every_page_and_partner_is_reported_once():
    program = ProgramPageFactory()
    built = [program, ProjectPageFactory(parent=program), PartnerFactory()]
    report = build_report()
    pages = set(Page.objects.filter(depth__gt=1).values_list("pk", flat=True))
    partners = set(Partner.objects.values_list("pk", flat=True))
    reported_pages = [entry.object.pk for entry in report.entries if isinstance(entry.object, Page)]
    reported_partners = [entry.object.pk for entry in report.entries if isinstance(entry.object, Partner)]
    assert sorted(reported_pages) == sorted(pages)
    assert sorted(reported_partners) == sorted(partners)
    reported = {(type(entry.object), entry.object.pk) for entry in report.entries}
    assert {(type(obj), obj.pk) for obj in built} <= reported


def test_english_totals_match_the_projects_left_untranslated_in_the_database():
    before = projects_total(build_report())
    program = ProgramPageFactory()
    ProjectPageFactory.create_batch(2, parent=program)
    left = ProjectPageFactory(parent=program, summary_en="")
    untranslated = untranslated_projects()
    assert left.pk in untranslated
    report = build_report()
    projects = projects_total(report)
    assert projects.total == ProjectPage.objects.count() == before.total + 3
    assert projects.complete == {"fr": before.complete["fr"] + 3, "en": before.complete["en"] + 2}
    assert projects.complete["en"] == projects.total - len(untranslated)
    assert projects.sentence("en") == english_projects_sentence()
    incomplete = {
        entry.object.pk
        for entry in report.entries
        if entry.type_key == "projects.projectpage" and not entry.is_complete("en")
    }
    assert incomplete == untranslated


def test_long_march_lacks_its_english_summary_and_body():
    project = ProjectPage.objects.get(slug_en="long-march")
    entry = entry_for(build_report(), project)
    assert entry.missing == {"fr": [], "en": ["summary", "body"]}
    assert entry.missing_labels("en") == ["Summary", "Body"]
    assert entry.completeness["fr"] == 100
    assert entry.completeness["en"] < 100
    assert entry.type_key == "projects.projectpage"
    assert entry.type_name == "Project"
    assert entry.title == "Long march"
    assert entry.status == "live"
    assert entry.program == project.get_parent().specific
    assert entry.program_title == "Civil society strengthening"
    assert entry.edit_url == f"/admin/pages/{project.pk}/edit/"
    assert entry.last_edited == project.latest_revision_created_at


def test_completeness_counts_fields_filled_in_the_language_over_fields_filled_in_any():
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    project = add_project(program, title_en="Project 1", summary_fr="Résumé", subtitle_en="Subtitle")
    entry = entry_for(build_report(), project)
    # Filled somewhere: title, summary, subtitle. French has title and summary, English title and subtitle.
    assert entry.completeness == {"fr": 66, "en": 66}
    assert entry.missing == {"fr": ["subtitle"], "en": ["summary"]}
    assert not entry.is_complete() and not entry.is_complete("fr")


def test_an_object_with_no_text_at_all_is_complete():
    partner = Partner.objects.create(name="", name_fr="", name_en="")
    entry = entry_for(build_report(), partner)
    assert entry.completeness == {"fr": 100, "en": 100}
    assert entry.is_complete()


def test_program_pages_and_index_pages_have_no_program():
    report = build_report()
    for entry in report.entries:
        if isinstance(entry.object, Page) and entry.object.depth <= 3:
            assert entry.program is None, entry.title
        elif isinstance(entry.object, Page):
            assert entry.program.pk == entry.object.get_parent().pk, entry.title


def test_partners_are_reported_with_their_snippet_edit_url_and_status():
    partner = Partner.objects.create(name_fr="Association", name_en="", description_fr="<p>Texte</p>")
    entry = entry_for(build_report(), partner)
    assert entry.missing == {"fr": [], "en": ["name", "description"]}
    assert entry.status == "live"
    assert entry.last_edited is None
    assert entry.edit_url == f"/admin/snippets/partners/partner/edit/{partner.pk}/"
    assert entry.type_name == "Partner"


def test_inline_documents_have_no_row_of_their_own():
    assert not any(entry.type_key == "projects.projectdocument" for entry in build_report().entries)


def test_a_saved_draft_counts_before_it_is_published():
    project = ProjectPage.objects.get(slug_en="long-march")
    draft = project.get_latest_revision_as_object()
    draft.summary_en = "The Long march project, in English."
    draft.save_revision()
    # The page row still has no English summary: only the draft does.
    assert ProjectPage.objects.get(pk=project.pk).summary_en in ("", None)
    entry = entry_for(build_report(), project)
    assert entry.missing["en"] == ["body"]
    assert entry.status == "live+draft"


def test_a_page_never_published_is_reported_as_a_draft():
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    project = ProjectPage(title_fr="Brouillon", slug_fr="brouillon", slug_en="draft", live=False)
    program.add_child(instance=project)
    project.save_revision()
    entry = entry_for(build_report(), project)
    assert entry.status == "draft"
    assert entry.status_label == "draft"


def test_select_filters_by_type_program_and_what_is_missing():
    report = build_report()
    program = ProgramPage.objects.get(slug_en="civil-society-strengthening")
    assert {entry.type_key for entry in report.select(type_key="partners.partner")} == {"partners.partner"}
    in_program = report.select(program_id=program.pk)
    assert {entry.object.pk for entry in in_program} == set(
        ProjectPage.objects.child_of(program).values_list("pk", flat=True)
    )
    missing_en = report.select(language="en", missing_only=True)
    assert {entry.object.pk for entry in missing_en} == untranslated_projects()
    assert report.select(language="fr", missing_only=True) == []
    assert len(report.select(missing_only=True)) == len(untranslated_projects())


def test_sorting():
    report = build_report()
    entries = report.entries
    titles = [entry.title.casefold() for entry in sort_entries(entries, "title")]
    assert titles == sorted(titles)
    assert sort_entries(entries, "-title") == list(reversed(sort_entries(entries, "title")))
    by_completeness = [entry.completeness["en"] for entry in sort_entries(entries, "completeness", "en")]
    assert by_completeness == sorted(by_completeness)
    assert by_completeness[0] < 100
    descending = [entry.completeness["en"] for entry in sort_entries(entries, "-completeness", "en")]
    assert descending == sorted(descending, reverse=True)
    dated = [entry.last_edited for entry in sort_entries(entries, "-last_edited") if entry.last_edited]
    assert dated == sorted(dated, reverse=True)
    # Objects never edited (partners) come last in both directions.
    for ordering in ("last_edited", "-last_edited"):
        assert sort_entries(entries, ordering)[-1].last_edited is None
    assert sort_entries(entries, "nonsense") == entries


def test_last_edited_follows_the_latest_revision():
    project = ProjectPage.objects.get(slug_en="long-march")
    project.save_revision()
    entry = entry_for(build_report(), project)
    assert timezone.now() - entry.last_edited < datetime.timedelta(minutes=1)
    assert sort_entries(build_report().entries, "-last_edited")[0].object.pk == project.pk


def test_the_number_of_queries_does_not_grow_with_the_content(django_assert_num_queries):
    # programs, every row (one UNION of a SELECT per type), changed sources
    with django_assert_num_queries(3):
        before = build_report()
        list(before.entries)
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    for _number in range(5):
        add_project(program, summary_fr="Résumé")
        PartnerFactory(name_en="")
    with django_assert_num_queries(3):
        report = build_report()
        list(report.entries)
    assert len(report.entries) == len(before.entries) + 10


def test_drafts_cost_one_query_however_many_there_are(django_assert_num_queries):
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    project = add_project(program, summary_fr="Résumé")
    project.summary_en = "Summary"
    project.save_revision()
    with django_assert_num_queries(3):  # the 3 above: drafts' revisions are joined to their rows
        list(build_report().entries)
    for _number in range(4):
        add_project(program, summary_fr="Résumé").save_revision()
    with django_assert_num_queries(3):
        report = build_report()
        list(report.entries)
    assert entry_for(report, project).missing["en"] == []


def test_the_totals_alone_match_the_full_report():
    """The admin home's panel counts without building the report: the same figures."""
    from translations.report import build_totals, rebuild_stored_rows

    ProjectPage.objects.filter(slug_en="long-march").update(summary_fr="")
    rebuild_stored_rows()  # .update() sends no signal (see translation_report --rebuild)
    expected = [(total.type_key, total.total, total.complete) for total in build_report().totals]
    assert [(total.type_key, total.total, total.complete) for total in build_totals()] == expected
