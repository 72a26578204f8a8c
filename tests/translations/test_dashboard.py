"""The translation dashboard in the admin, its panel on the Wagtail home and on each page's edit form."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.users.models import UserProfile

import translations
from organisation.models import OrganisationSettings
from partners.models import Partner
from projects.models import ProgramPage, ProjectPage
from tests.factories import PartnerFactory, ProgramPageFactory, ProjectPageFactory
from tests.html import select, select_one, text
from tests.translations.figures import (
    english_projects_sentence,
    french_projects_sentence,
    untranslated_projects,
)

pytestmark = pytest.mark.django_db

URL = "/admin/translations/"


def make_user(username, language="en", superuser=True):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.org", "pw")
    else:
        user = User.objects.create_user(username, f"{username}@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("translator"))
    return client


def rows(response):
    return response.context["entries"]


def test_dashboard_shows_the_totals_checked_against_the_database(admin_client):
    program = ProgramPageFactory()
    ProjectPageFactory(parent=program)
    left = ProjectPageFactory(parent=program, summary_en="")
    response = admin_client.get(URL)
    assert response.status_code == 200
    html = response.text
    projects = ProjectPage.objects.count()
    untranslated = len(untranslated_projects())
    assert left.pk in untranslated_projects()
    assert english_projects_sentence() in html
    assert french_projects_sentence() in html
    (line,) = [li for li in select(html, 'li[data-language="en"]') if text(li) == english_projects_sentence()]
    assert (line.get("data-complete"), line.get("data-total")) == (
        str(projects - untranslated),
        str(projects),
    )
    partners = Partner.objects.count()
    assert f"English: {partners} of {partners} partners complete" in html
    # One row per page below the root and per partner.
    settings = OrganisationSettings.objects.count()
    assert len(rows(response)) == Page.objects.filter(depth__gt=1).count() + partners + settings
    assert len(select(html, "td.title")) == len(rows(response))


def test_table_links_each_title_to_its_edit_view_and_lists_missing_fields(admin_client):
    project = ProjectPage.objects.get(slug_en="long-march")
    html = admin_client.get(URL + "?type=projects.projectpage&ordering=title").text
    link = select_one(html, f'a[href="/admin/pages/{project.pk}/edit/"]')
    assert text(link) == "Long march"
    row = next(link.iterancestors("tr"))
    cells = [text(cell) for cell in row.cssselect("td")]
    assert "Civil society strengthening" in cells
    assert "Summary, Body" in text(row)
    assert row.cssselect('td[data-percent="100"]')
    assert "live" in cells


def test_filter_by_type(admin_client):
    response = admin_client.get(URL, {"type": "partners.partner"})
    assert {type(entry.object) for entry in rows(response)} == {Partner}
    assert len(rows(response)) == Partner.objects.count()


def test_filter_by_program(admin_client):
    program = ProgramPage.objects.get(slug_en="gender-equality-and-violence-against-women")
    response = admin_client.get(URL, {"program": program.pk})
    expected = set(ProjectPage.objects.child_of(program).values_list("pk", flat=True))
    assert {entry.object.pk for entry in rows(response)} == expected
    assert len(expected) > 1


def test_missing_in_the_selected_language(admin_client):
    response = admin_client.get(URL, {"missing": "1", "language": "en"})
    assert {entry.object.pk for entry in rows(response)} == untranslated_projects()
    response = admin_client.get(URL, {"missing": "1", "language": "fr"})
    assert rows(response) == []
    assert "Nothing matches these filters." in response.text


def test_missing_in_any_language(admin_client):
    partner = Partner.objects.create(name_fr="", name_en="English only", description_en="<p>Text</p>")
    response = admin_client.get(URL, {"missing": "1"})
    assert {entry.object.pk for entry in rows(response) if isinstance(entry.object, Page)} == (
        untranslated_projects()
    )
    assert [entry.object for entry in rows(response) if isinstance(entry.object, Partner)] == [partner]


def test_filters_combine(admin_client):
    program = ProgramPage.objects.get(slug_en="civil-society-strengthening")
    response = admin_client.get(
        URL, {"type": "projects.projectpage", "program": program.pk, "missing": "1", "language": "en"}
    )
    expected = untranslated_projects() & set(
        ProjectPage.objects.child_of(program).values_list("pk", flat=True)
    )
    assert {entry.object.pk for entry in rows(response)} == expected
    assert expected


@pytest.mark.parametrize(
    "params",
    [
        {"type": "nope.nothing"},
        {"type": "wagtailcore.page"},
        {"program": "abc"},
        {"program": "999999"},
        {"program": ""},
        {"language": "de"},
        {"language": "en-gb"},
        {"missing": "perhaps"},
        {"ordering": "drop table"},
        {"ordering": "-"},
        {"type": ["a", "b"], "program": ["1", "x"]},
        {"p": "-3"},
    ],
)
def test_bad_filter_values_are_ignored(admin_client, params):
    response = admin_client.get(URL, params)
    assert response.status_code == 200
    total = (
        Page.objects.filter(depth__gt=1).count()
        + Partner.objects.count()
        + OrganisationSettings.objects.count()
    )
    if params.get("missing") == "perhaps":
        # Any non-empty value other than "0"/"false" means yes, as for every Django checkbox.
        assert len(rows(response)) == len(untranslated_projects())
    else:
        assert len(rows(response)) == total


def test_a_bad_value_does_not_cancel_the_good_ones(admin_client):
    response = admin_client.get(URL, {"type": "partners.partner", "program": "abc", "ordering": "nonsense"})
    assert {type(entry.object) for entry in rows(response)} == {Partner}


def titles(response):
    return [entry.title for entry in rows(response)]


def test_sorting_by_title(admin_client):
    ascending = titles(admin_client.get(URL, {"ordering": "title"}))
    assert ascending == sorted(ascending, key=str.casefold)
    assert titles(admin_client.get(URL, {"ordering": "-title"})) == list(reversed(ascending))


def test_sorting_by_completeness_in_the_selected_language(admin_client):
    response = admin_client.get(URL, {"ordering": "completeness", "language": "en"})
    percentages = [entry.completeness["en"] for entry in rows(response)]
    assert percentages == sorted(percentages)
    assert percentages[0] < 100 and percentages[-1] == 100
    response = admin_client.get(URL, {"ordering": "-completeness", "language": "en"})
    percentages = [entry.completeness["en"] for entry in rows(response)]
    assert percentages == sorted(percentages, reverse=True)


def test_sorting_by_last_edited(admin_client):
    project = ProjectPage.objects.get(slug_en="saara")
    project.save_revision()
    newest_first = rows(admin_client.get(URL, {"ordering": "-last_edited"}))
    assert newest_first[0].object.pk == project.pk
    oldest_first = rows(admin_client.get(URL, {"ordering": "last_edited"}))
    dates = [entry.last_edited for entry in oldest_first if entry.last_edited]
    assert dates == sorted(dates)


def test_sort_links_keep_the_filters(admin_client):
    html = admin_client.get(URL, {"type": "projects.projectpage", "missing": "1"}).text
    link = select(html, 'a[href*="ordering=title"]')[0].get("href")
    assert "type=projects.projectpage" in link and "missing=1" in link


def test_the_form_shows_the_filters_in_use(admin_client):
    html = admin_client.get(URL, {"type": "partners.partner", "language": "en", "missing": "1"}).text
    assert select(html, 'option[value="partners.partner"][selected]')
    assert select(html, 'option[value="en"][selected]')
    assert select(html, 'input[type="checkbox"][name="missing"][checked]')


def test_menu_item_leads_to_the_dashboard(admin_client):
    html = admin_client.get("/admin/").text
    assert '"url": "/admin/translations/"' in html.replace("&quot;", '"')


def test_any_admin_user_sees_the_dashboard_and_others_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    editor = make_user("editor", superuser=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(URL).status_code == 200
    outsider = make_user("outsider", superuser=False)
    client.force_login(outsider)
    assert client.get(URL).status_code == 302


def test_the_wagtail_home_has_a_translation_panel(admin_client):
    ProjectPageFactory(summary_en="")
    html = admin_client.get("/admin/").text
    panel = select_one(html, "section#translation-summary-section")
    assert english_projects_sentence() in text(panel)
    assert panel.cssselect('a[href="/admin/translations/"]')


def test_the_edit_form_lists_what_is_left_to_translate(admin_client):
    project = ProjectPage.objects.get(slug_en="long-march")
    html = admin_client.get(f"/admin/pages/{project.pk}/edit/").text
    panel = text(select_one(html, "[data-translation-status]"))
    assert re.search(r"Missing in English \(\d+% translated\): Summary, Body", panel)
    assert "Missing in French" not in panel


def test_the_edit_form_of_a_complete_page_says_so(admin_client):
    project = ProjectPage.objects.get(slug_en="saara")
    html = admin_client.get(f"/admin/pages/{project.pk}/edit/").text
    assert "Nothing left to translate" in html
    assert "Missing in" not in html


def test_the_edit_form_shows_the_latest_draft(admin_client):
    project = ProjectPage.objects.get(slug_en="long-march")
    draft = project.get_latest_revision_as_object()
    draft.summary_en = "Written in a draft."
    draft.save_revision()
    panel = text(
        select_one(admin_client.get(f"/admin/pages/{project.pk}/edit/"), "[data-translation-status]")
    )
    assert re.search(r"Missing in English \(\d+% translated\): Body(?!,)", panel)


def test_the_create_form_has_no_translation_panel(admin_client):
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    response = admin_client.get(f"/admin/pages/add/projects/projectpage/{program.pk}/")
    assert response.status_code == 200
    assert "data-translation-status" not in response.text


def test_templates_have_no_inline_script_or_style():
    templates = Path(translations.__file__).parent / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text, template
        assert "style=" not in text, template
        assert "<style" not in text, template


def add_content(count):
    """`count` projects and `count` partners, each missing its English text."""
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    for _number in range(count):
        ProjectPageFactory(parent=program, title_en="", summary_en="")
        PartnerFactory(name_en="", description_en="")


# Counted on a warm cache: the admin's own furniture (user, profile, menu) plus the report's 5
# (totals, programs, count, the page's rows, their changed sources).
DASHBOARD_QUERIES = 11


def test_dashboard_query_count_is_pinned_and_does_not_grow(admin_client, django_assert_num_queries):
    admin_client.get(URL)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        before = admin_client.get(URL, {"missing": "1", "ordering": "-completeness"})
    add_content(5)
    admin_client.get(URL)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = admin_client.get(URL, {"missing": "1", "ordering": "-completeness"})
    assert len(rows(response)) == len(rows(before)) + 5 * 2


def test_a_french_editor_gets_the_dashboard_in_french(client):
    client.force_login(make_user("traductrice", language="fr"))
    response = client.get(URL, {"type": "projects.projectpage"})
    assert response.status_code == 200
    assert "Anglais (%)" in response.text
    project = ProjectPage.objects.get(slug_en="long-march")
    titles = [entry.title for entry in rows(response)]
    assert "Longue marche" in titles and "Long march" not in titles
    assert project.title_fr == "Longue marche"
