"""The report's stored rows (ReportRow) and the SQL that judges a value, against Python.

The rows are worked out by the database on every save, delete or move; after each such change
they must equal the rows worked out afresh from the objects (the union). And what the SQL calls
"has text" must be what has_text() calls so, on SQLite and PostgreSQL alike.
"""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.db.models import Value

from partners.models import Partner
from projects.models import ProgramPage, ProjectPage
from translations.completeness import has_text, missing_fields
from translations.report import (
    RICH_TEXT_EMPTY,
    Selection,
    SortKey,
    _fetch,
    _filled,
    _stored_table,
    _union_sql,
    build_report,
    language_codes,
    rebuild_stored_rows,
    stored_columns,
)

pytestmark = pytest.mark.django_db

# Values whose judgement differed between the database and Python: Unicode whitespace
# (no-break space, em space, ideographic space, line separators), inside tags or not.
VALUES = [
    "\u00a0",
    "\u2003",
    " \u3000 ",
    "\t\n\r\u2028",
    "\u00a0É",
    "<p>\u00a0</p>",
    "<p> \u2003 <br/></p>",
    "<p>\u202f</p><p>é</p>",
    "x",
    "",
    "<p></p>",
]


def judged_in_sql(value, kind):
    expression = _filled(Value(value, output_field=models.TextField()), kind)
    return ContentType.objects.annotate(filled=expression).values_list("filled", flat=True)[:1].get()


@pytest.mark.parametrize("value", VALUES)
def test_sql_and_python_agree_on_what_has_text(value):
    assert judged_in_sql(value, "text") == int(has_text(value))
    assert judged_in_sql(value, "rich") == int(has_text(value))


def test_the_pattern_lists_python_s_whitespace():
    assert "\u00a0" in RICH_TEXT_EMPTY and "\u3000" in RICH_TEXT_EMPTY


@pytest.mark.parametrize("title", ["École", "ÉTÉ à Hanoï", "Zèbre", "éLan"])
def test_titles_sort_in_sql_as_python_casefolds_them(title):
    expression = SortKey(Value(title, output_field=models.TextField()))
    key = ContentType.objects.annotate(key=expression).values_list("key", flat=True)[:1].get()
    assert key == title.casefold()


def test_a_field_of_no_break_spaces_is_missing_in_the_dashboard_as_in_python():
    project = ProjectPage.objects.live().order_by("path").first()
    project.summary_en = "\u00a0\u2003"
    project.save_revision().publish()
    entry = next(
        entry for entry in build_report().select(type_key="projects.projectpage") if entry.pk == project.pk
    )
    project = ProjectPage.objects.get(pk=project.pk)
    assert "summary" in missing_fields(project, "en")
    assert "summary" in entry.missing["en"]


def stored_rows():
    columns = stored_columns()
    rows = _fetch(f"SELECT {', '.join(columns)} FROM {_stored_table()}", [])
    return {(row["r_ct"], row["r_pk"]): _comparable(row) for row in rows}


def fresh_rows():
    columns = stored_columns()
    union, params = _union_sql(columns, Selection(), None, language_codes(), fence=False)
    rows = _fetch(f"SELECT * FROM ({union}) u", params)
    return {(row["r_ct"], row["r_pk"]): _comparable(row) for row in rows}


def _comparable(row):
    # SQLite answers a date taken from a subquery as text: compared as text on both sides.
    return {name: str(value) if value is not None else None for name, value in row.items()}


def assert_rows_are_fresh():
    stored, fresh = stored_rows(), fresh_rows()
    assert stored.keys() == fresh.keys()
    different = {key for key in fresh if stored[key] != fresh[key]}
    assert not different, [(stored[key], fresh[key]) for key in list(different)[:2]]


def test_stored_rows_follow_saves_drafts_publications_and_deletions():
    rebuild_stored_rows()
    assert_rows_are_fresh()
    program = ProgramPage.objects.order_by("path").first()
    project = ProjectPage(title_fr="Projet stocké", slug_fr="projet-stocke", slug_en="stored-project")
    program.add_child(instance=project)
    assert_rows_are_fresh()
    project.save_revision().publish()
    assert_rows_are_fresh()
    draft = ProjectPage.objects.get(pk=project.pk).get_latest_revision_as_object()
    draft.title_en = "Stored project"
    draft.summary_en = "Only in a draft"
    draft.save_revision()
    assert_rows_are_fresh()
    ProjectPage.objects.get(pk=project.pk).unpublish()
    assert_rows_are_fresh()
    ProjectPage.objects.get(pk=project.pk).delete()
    assert_rows_are_fresh()
    assert not any(pk == project.pk for (_ct, pk) in stored_rows())


def test_stored_rows_follow_a_move_of_a_program_and_its_projects():
    programs = list(ProgramPage.objects.order_by("path"))
    moved = programs[0]
    moved.move(programs[1], pos="last-child")
    assert_rows_are_fresh()
    # The moved projects are no longer in their old program, but under the new one.
    report = build_report()
    in_new = {entry.pk for entry in report.select(program_id=programs[1].pk)}
    assert moved.pk in in_new


def test_stored_rows_follow_snippets_and_their_drafts():
    partner = Partner.objects.create(name_fr="Association stockée", name_en="", description_fr="<p>Texte</p>")
    assert_rows_are_fresh()
    partner.name_en = "\u00a0"
    revision = partner.save_revision()
    assert_rows_are_fresh()
    revision.publish()
    assert_rows_are_fresh()
    partner.delete()
    assert_rows_are_fresh()


def test_a_rebuild_puts_right_what_a_bulk_update_left_behind():
    project = ProjectPage.objects.live().order_by("path").first()
    ProjectPage.objects.filter(pk=project.pk).update(summary_en="Changed without signals")
    rebuild_stored_rows()
    assert_rows_are_fresh()


def test_the_report_command_rebuilds_the_rows_on_request():
    project = ProjectPage.objects.live().exclude(summary_en="").order_by("path").first()
    ProjectPage.objects.filter(pk=project.pk).update(summary_en="")
    with pytest.raises(AssertionError):
        assert_rows_are_fresh()  # .update() sent no signal: the stored row is behind
    call_command("translation_report", "--rebuild", "--format", "json", stdout=io.StringIO())
    assert_rows_are_fresh()
