"""`manage.py translation_report`: the table, CSV and JSON outputs, parsed and checked."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page

from organisation.models import OrganisationSettings
from partners.models import Partner
from projects.models import ProjectPage
from tests.factories import ProjectPageFactory
from tests.translations.figures import (
    english_projects_sentence,
    french_projects_sentence,
    untranslated_projects,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(*args):
    out = io.StringIO()
    call_command("translation_report", *args, stdout=out)
    return out.getvalue()


def object_count():
    # Pages, partners and the organisation settings (translated text staff edit in Settings).
    return (
        Page.objects.filter(depth__gt=1).count()
        + Partner.objects.count()
        + OrganisationSettings.objects.count()
    )


def test_table_lists_every_object_with_its_percentages_and_the_totals(untranslated_project):
    built = ProjectPageFactory(title_en="Built for the report", summary_en="")
    lines = run().splitlines()
    header = lines[0].split()
    assert header[:3] == ["Type", "Title", "Status"]
    assert "% fr" in lines[0] and "% en" in lines[0] and "Left to translate" in lines[0]
    assert set(lines[1].replace(" ", "")) == {"-"}
    left = next(line for line in lines if untranslated_project.title_en in line)
    assert left.startswith("Project ")
    assert " live " in left
    assert left.rstrip().endswith("en: Summary, Body")
    built_line = next(line for line in lines if "Built for the report" in line)
    assert built_line.rstrip().endswith("en: Summary")
    assert built.pk in untranslated_projects()
    assert english_projects_sentence() in lines
    assert french_projects_sentence() in lines
    body = lines[2 : lines.index("")]
    assert len(body) == object_count()


def test_csv_export_parses_back_to_the_database_figures(untranslated_project):
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    assert len(rows) == object_count()
    assert set(rows[0]) == {
        "type",
        "type_name",
        "title",
        "status",
        "program",
        "last_edited",
        "edit_url",
        "completeness_fr",
        "missing_fr",
        "completeness_en",
        "missing_en",
        "source_changed_fr",
        "source_changed_en",
    }
    untranslated_edit_urls = {f"/admin/pages/{pk}/edit/" for pk in untranslated_projects()}
    incomplete = {row["edit_url"] for row in rows if row["missing_en"]}
    assert incomplete == untranslated_edit_urls
    left = next(row for row in rows if row["title"] == untranslated_project.title_en)
    assert left["missing_en"] == "summary, body"
    assert left["completeness_fr"] == "100"
    assert int(left["completeness_en"]) < 100
    assert left["program"] == untranslated_project.get_parent().specific.title_en
    assert left["status"] == "live"
    partners = [row for row in rows if row["type"] == "partners.partner"]
    assert len(partners) == Partner.objects.count()
    # Partners have drafts too: the demo's are published and have never been edited since.
    assert all(row["status"] == "live" and row["last_edited"] == "" for row in partners)


def test_json_export_parses_back_to_the_database_figures(untranslated_project):
    data = json.loads(run("--format", "json"))
    assert data["languages"] == ["fr", "en"]
    projects = next(total for total in data["totals"] if total["type"] == "projects.projectpage")
    count = ProjectPage.objects.count()
    assert projects == {
        "type": "projects.projectpage",
        "name": "Projects",
        "total": count,
        "complete": {"fr": count, "en": count - len(untranslated_projects())},
    }
    assert len(data["objects"]) == object_count()
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    item = next(item for item in data["objects"] if item["title"] == project.title_en)
    assert item["missing"] == {"fr": [], "en": ["summary", "body"]}
    assert item["completeness"]["fr"] == 100
    assert item["edit_url"] == f"/admin/pages/{project.pk}/edit/"
    assert item["last_edited"] == project.latest_revision_created_at.isoformat()


def test_language_and_missing_only_narrow_the_export():
    data = json.loads(run("--format", "json", "--language", "en", "--missing-only"))
    assert data["languages"] == ["en"]
    assert {item["edit_url"] for item in data["objects"]} == {
        f"/admin/pages/{pk}/edit/" for pk in untranslated_projects()
    }
    assert all(set(item["missing"]) == {"en"} for item in data["objects"])
    assert json.loads(run("--format", "json", "--language", "fr", "--missing-only"))["objects"] == []


def test_missing_only_without_language_means_missing_in_any_language():
    Partner.objects.create(name_fr="", name_en="English only")
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv", "--missing-only"))))
    assert len(rows) == len(untranslated_projects()) + 1
    assert any(row["missing_fr"] == "name" for row in rows)


def test_table_with_one_language():
    ProjectPageFactory(summary_en="")
    lines = run("--language", "en", "--missing-only").splitlines()
    assert "% en" in lines[0] and "% fr" not in lines[0]
    assert len(lines[2 : lines.index("")]) == len(untranslated_projects())
    assert english_projects_sentence() in lines
    assert not any(line.startswith("French:") for line in lines)


def test_an_unknown_format_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match=r"Unknown format “xml”: choose one of table, csv, json\."):
        run("--format", "xml")


def test_an_unknown_language_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match=r"Unknown language “de”: choose one of fr, en\."):
        run("--language", "de")
