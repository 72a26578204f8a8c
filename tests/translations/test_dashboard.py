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
from portfolio.languages import reading_key
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
    """Every row of the dashboard for the request's filters and order, from all its pages."""
    found = list(response.context["object_list"])
    paginator = response.context["paginator"]
    request = response.wsgi_request
    for number in range(2, paginator.num_pages + 1):
        found += list(
            response.client.get(request.path, {**request.GET.dict(), "p": number}).context["object_list"]
        )
    return found


def count(response):
    return response.context["paginator"].count


def objects(found):
    """(model, pk) of rows."""
    return {(row.model, row.object_id) for row in found}


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
    assert count(response) == Page.objects.filter(depth__gt=1).count() + partners + settings
    assert len(select(html, "td.translation-title")) == len(response.context["object_list"])
    assert select_one(html, "[data-results]").get("data-results") == str(count(response))


def test_table_links_each_title_to_its_edit_view_and_lists_missing_fields(admin_client, untranslated_project):
    project = untranslated_project
    html = admin_client.get(URL + "?type=projects.projectpage&ordering=title").text
    link = select_one(html, f'a[href="/admin/pages/{project.pk}/edit/"]')
    assert text(link) == project.title_en
    row = next(link.iterancestors("tr"))
    cells = [text(cell) for cell in row.cssselect("td")]
    assert project.get_parent().specific.title_en in cells
    assert "English: Summary, Body" in text(row)
    assert row.cssselect('[data-language="fr"][data-percent="100"]')
    assert "live" in cells
    assert text(row.cssselect("td.translation-title .translation-type")[0]) == "Project"


def test_filter_by_type(admin_client):
    response = admin_client.get(URL, {"type": "partners.partner"})
    assert {row.model for row in rows(response)} == {Partner}
    assert count(response) == Partner.objects.count()


def test_filter_by_program(admin_client):
    program = ProgramPage.objects.get(slug_en="gender-equality-and-violence-against-women")
    response = admin_client.get(URL, {"program": program.pk})
    expected = set(ProjectPage.objects.child_of(program).values_list("pk", flat=True))
    assert {row.object_id for row in rows(response)} == expected
    assert len(expected) > 1


def test_missing_in_the_selected_language(admin_client):
    response = admin_client.get(URL, {"missing": "1", "language": "en"})
    assert objects(rows(response)) == {(ProjectPage, pk) for pk in untranslated_projects()}
    response = admin_client.get(URL, {"missing": "1", "language": "fr"})
    assert count(response) == 0
    assert "Nothing matches these filters." in response.text


def test_missing_in_any_language(admin_client):
    partner = Partner.objects.create(name_fr="", name_en="English only", description_en="<p>Text</p>")
    response = admin_client.get(URL, {"missing": "1"})
    assert {row.object_id for row in rows(response) if row.group == 0} == untranslated_projects()
    assert [row.object_id for row in rows(response) if row.model is Partner] == [partner.pk]
    # Missing in French, while the reader reads English: the French row says so.
    with_french = admin_client.get(URL, {"missing": "1", "language": "fr"})
    assert [row.object_id for row in rows(with_french)] == [partner.pk]


def test_filters_combine(admin_client):
    program = ProgramPage.objects.get(slug_en="civil-society-strengthening")
    response = admin_client.get(
        URL, {"type": "projects.projectpage", "program": program.pk, "missing": "1", "language": "en"}
    )
    expected = untranslated_projects() & set(
        ProjectPage.objects.child_of(program).values_list("pk", flat=True)
    )
    assert {row.object_id for row in rows(response)} == expected
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
        assert count(response) == len(untranslated_projects())
    else:
        assert count(response) == total


def test_a_bad_value_does_not_cancel_the_good_ones(admin_client):
    response = admin_client.get(URL, {"type": "partners.partner", "program": "abc", "ordering": "nonsense"})
    assert {row.model for row in rows(response)} == {Partner}


def titles(response):
    return [row.title for row in rows(response)]


def test_sorting_by_title(admin_client):
    ProjectPageFactory(title_en="École de la paix")  # sorted among the E's, as readers expect
    ascending = titles(admin_client.get(URL, {"ordering": "title"}))
    assert ascending == sorted(ascending, key=reading_key)
    assert ascending.index("École de la paix") < next(
        index for index, title in enumerate(ascending) if reading_key(title) > "f"
    )
    assert titles(admin_client.get(URL, {"ordering": "-title"})) == list(reversed(ascending))


def test_sorting_by_completeness_in_the_selected_language(admin_client):
    response = admin_client.get(URL, {"ordering": "completeness", "language": "en"})
    percentages = [row.by_language["en"].percent for row in rows(response)]
    assert percentages == sorted(percentages)
    assert percentages[0] < 100 and percentages[-1] == 100
    response = admin_client.get(URL, {"ordering": "-completeness", "language": "en"})
    percentages = [row.by_language["en"].percent for row in rows(response)]
    assert percentages == sorted(percentages, reverse=True)
    # Without a language: the lowest of the languages.
    lowest = [
        min(s.percent for s in row.by_language.values())
        for row in rows(admin_client.get(URL, {"ordering": "completeness"}))
    ]
    assert lowest == sorted(lowest) and lowest[0] < 100


def test_sorting_by_last_edited(admin_client):
    project = ProjectPage.objects.get(slug_en="saara")
    project.save_revision()
    newest_first = rows(admin_client.get(URL, {"ordering": "-last_edited"}))
    assert newest_first[0].object_id == project.pk
    oldest_first = rows(admin_client.get(URL, {"ordering": "last_edited"}))
    dates = [row.last_edited for row in oldest_first if row.last_edited]
    assert dates == sorted(dates)
    # Never edited (the organisation settings): last in both directions.
    assert newest_first[-1].last_edited is None and oldest_first[-1].last_edited is None


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


def test_the_edit_form_lists_what_is_left_to_translate(admin_client, untranslated_project):
    project = untranslated_project
    html = admin_client.get(f"/admin/pages/{project.pk}/edit/").text
    panel = text(select_one(html, "[data-translation-status]"))
    assert re.search(r"Missing in English \(\d+% translated\): Summary, Body", panel)
    assert "Missing in French" not in panel


def test_the_edit_form_of_a_complete_page_says_so(admin_client):
    project = ProjectPage.objects.get(slug_en="saara")
    html = admin_client.get(f"/admin/pages/{project.pk}/edit/").text
    assert "Nothing left to translate" in html
    assert "Missing in" not in html


def test_the_edit_form_shows_the_latest_draft(admin_client, untranslated_project):
    project = untranslated_project
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


# Counted on a warm cache: the admin's own furniture (session, user, profile, menu) plus the
# dashboard's 6: programs, count, the page's rows, their other languages, their changed sources,
# the totals.
DASHBOARD_QUERIES = 12


def test_dashboard_query_count_is_pinned_and_does_not_grow(admin_client, django_assert_num_queries):
    admin_client.get(URL)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        before = admin_client.get(URL, {"missing": "1", "ordering": "-completeness"})
    add_content(5)
    admin_client.get(URL)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = admin_client.get(URL, {"missing": "1", "ordering": "-completeness"})
    assert count(response) == count(before) + 5 * 2


# The admin's home with its panels, whatever the content: the translation panel reads the totals
# in one query.
def test_the_admin_home_query_count_is_pinned_and_does_not_grow(admin_client, django_assert_num_queries):
    admin_client.get("/admin/")
    with django_assert_num_queries(HOME_QUERIES):
        admin_client.get("/admin/")
    add_content(5)
    admin_client.get("/admin/")
    with django_assert_num_queries(HOME_QUERIES):
        response = admin_client.get("/admin/")
    assert response.status_code == 200


# 18 for Wagtail's home and the translation panel, 7 for the go-live checklist (organisation/checklist.py).
HOME_QUERIES = 25


def test_a_french_editor_gets_the_dashboard_in_french(client, untranslated_project):
    client.force_login(make_user("traductrice", language="fr"))
    response = client.get(URL, {"type": "projects.projectpage"})
    assert response.status_code == 200
    assert "Reste à traduire" in response.text and "Anglais" in response.text
    project = untranslated_project
    titles = [row.title for row in rows(response)]
    assert project.title_fr in titles and project.title_en not in titles
    assert project.title_fr != project.title_en
