"""The dashboard at any size: rows paginated, filtered, ordered and counted by the database.

Each figure is checked against the same figure worked out in Python from the objects
themselves (their latest drafts), as the edit form's translation panel does.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from organisation.models import OrganisationSettings
from partners.models import Partner
from portfolio.languages import reading_key
from projects.models import ProgramPage, ProjectPage
from translations import selectors
from translations.completeness import language_codes, missing_fields
from translations.selectors import workbench_object
from translations.status import registered_snippet_models

from .test_dashboard import make_user

pytestmark = pytest.mark.django_db

URL = "/admin/translations/"
PER_PAGE = 50


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("paginating-translator"))
    return client


def add_projects(count, start=0):
    """`count` published projects in French only, every third one with its English summary."""
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    for number in range(start, start + count):
        project = ProjectPage(
            title_fr=f"Projet paginé {number:03d}",
            slug_fr=f"projet-pagine-{number}",
            slug_en=f"paged-project-{number}",
            summary_fr="Résumé",
            summary_en="Summary" if number % 3 == 0 else "",
        )
        program.add_child(instance=project)
        project.save_revision().publish()


def every_object():
    """Every object the dashboard lists, as translators see it (the latest draft)."""
    objects = []
    for page in Page.objects.filter(depth__gt=1, alias_of__isnull=True).specific():
        if type(page) is Page:
            continue
        objects.append(workbench_object(type(page), page.pk)[1])
    for model in registered_snippet_models():
        objects.extend(workbench_object(model, obj.pk)[1] for obj in model._default_manager.all())
    return objects


def rows_of(response):
    return list(response.context["page_obj"].object_list)


def keys(rows):
    return [(row.type_key, row.object_id) for row in rows]


def all_pages(client, params):
    """The rows of every page of the dashboard for `params`, in order, and the number of pages."""
    first = client.get(URL, params)
    assert first.status_code == 200
    paginator = first.context["page_obj"].paginator
    rows = rows_of(first)
    for number in range(2, paginator.num_pages + 1):
        rows += rows_of(client.get(URL, {**params, "p": number}))
    return rows, paginator.num_pages


def test_the_table_shows_fifty_rows_a_page_and_every_object_once(admin_client):
    add_projects(60)
    expected = (
        Page.objects.filter(depth__gt=1).count()
        + Partner.objects.count()
        + OrganisationSettings.objects.count()
    )
    response = admin_client.get(URL)
    assert len(rows_of(response)) == PER_PAGE
    assert response.context["paginator"].count == expected
    rows, pages = all_pages(admin_client, {})
    assert pages == -(-expected // PER_PAGE) == 3
    assert len(rows) == expected == len(set(keys(rows)))
    # Site order: pages by their place in the tree, then the snippets.
    paths = [Page.objects.get(pk=row.object_id).path for row in rows if row.group == 0]
    assert paths == sorted(paths)
    assert [row.group for row in rows] == sorted(row.group for row in rows)
    html = response.text
    assert "p=2" in html and "Page 1 of 3" in html


def test_a_page_out_of_range_or_malformed_shows_the_first_or_the_last(admin_client):
    add_projects(60)
    last = admin_client.get(URL, {"p": 3}).context["page_obj"]
    assert admin_client.get(URL, {"p": 999}).context["page_obj"].number == last.number == 3
    assert keys(rows_of(admin_client.get(URL, {"p": 999}))) == keys(last.object_list)
    for value in ("abc", ""):
        assert admin_client.get(URL, {"p": value}).context["page_obj"].number == 1
    for value in ("-3", "0"):  # out of range below, as Django's paginator answers: the last
        assert admin_client.get(URL, {"p": value}).context["page_obj"].number == 3


def test_a_page_out_of_range_costs_no_more_queries_than_the_last(admin_client):
    add_projects(60)
    admin_client.get(URL)  # the caches warmed
    with CaptureQueriesContext(connection) as last:
        in_range = admin_client.get(URL, {"p": 3})
    with CaptureQueriesContext(connection) as beyond:
        out_of_range = admin_client.get(URL, {"p": 9999})
    assert len(beyond) == len(last)
    assert out_of_range.context["page_obj"].number == 3
    assert keys(rows_of(out_of_range)) == keys(rows_of(in_range))
    # Filtered: the filtered selection's last page, no more queries either.
    with CaptureQueriesContext(connection) as filtered:
        projects = admin_client.get(URL, {"type": "projects.projectpage", "p": 5})
    assert projects.context["page_obj"].number == 2 and rows_of(projects)
    assert len(filtered) == len(last)


def test_filters_hold_on_every_page_and_page_links_keep_them(admin_client):
    add_projects(60)
    params = {"type": "projects.projectpage", "language": "en", "missing": "1"}
    rows, pages = all_pages(admin_client, params)
    expected = {project.pk for project in every_object() if isinstance(project, ProjectPage)}
    expected = {pk for pk in expected if missing_fields(workbench_object(ProjectPage, pk)[1], "en")}
    assert pages > 1
    assert {row.object_id for row in rows} == expected
    assert len(rows) == len(expected)
    html = admin_client.get(URL, params).text
    assert "type=projects.projectpage&amp;language=en&amp;missing=1&amp;p=2" in html


def test_each_order_holds_across_pages(admin_client):
    add_projects(60)
    with translation.override("en"):
        rows, _pages = all_pages(admin_client, {"ordering": "title"})
        titles = [reading_key(row.title) for row in rows]
        assert titles == sorted(titles)
        descending, _pages = all_pages(admin_client, {"ordering": "-title"})
        assert keys(descending) == list(reversed(keys(rows)))
        by_completeness, _pages = all_pages(admin_client, {"ordering": "completeness", "language": "en"})
        percents = [row.by_language["en"].percent for row in by_completeness]
        assert percents == sorted(percents) and percents[0] < 100
        lowest = [
            min(status.percent for status in row.by_language.values())
            for row in all_pages(admin_client, {"ordering": "-completeness"})[0]
        ]
        assert lowest == sorted(lowest, reverse=True)
        by_date, _pages = all_pages(admin_client, {"ordering": "-last_edited"})
        dates = [row.last_edited for row in by_date if row.last_edited]
        assert dates == sorted(dates, reverse=True)
        # Never edited (no revision: the organisation settings) last, in both directions.
        assert by_date[-1].last_edited is None


def test_totals_and_rows_equal_a_count_made_in_python_over_the_objects(untranslated_project):
    add_projects(12)
    # A draft, an empty rich text, text of spaces only: judged as has_text() judges them.
    project = ProjectPage.objects.get(pk=untranslated_project.pk)
    draft = project.get_latest_revision_as_object()
    draft.summary_en = "Written in a draft only."
    draft.save_revision()
    Partner.objects.create(
        name_fr="Association", name_en="   ", description_fr="<p>Texte</p>", description_en="<p> </p>"
    )
    expected = {}
    for obj in every_object():
        key = type(obj)._meta.label_lower
        total, complete = expected.setdefault(key, [0, dict.fromkeys(language_codes(), 0)])
        expected[key][0] += 1
        for code in language_codes():
            complete[code] += not missing_fields(obj, code)
    totals = {total.type_key: [total.total, total.complete] for total in selectors.totals()}
    assert totals == expected
    # The rows say the same, field by field.
    for row in selectors.with_languages(selectors.rows("en")):
        obj = workbench_object(row.model, row.object_id)[1]
        for code in language_codes():
            assert row.by_language[code].missing == missing_fields(obj, code), (row.title, code)


def dashboard_queries(client, django_assert_num_queries, params, count):
    client.get(URL, params)  # the row cache (off in tests) and the admin's first-request reads
    with django_assert_num_queries(count):
        response = client.get(URL, params)
    return response


# The admin's own (session, user, profile, locale, menu pages) and the dashboard's: programs,
# count, the page's rows, their other languages, their changed sources, the totals.
PAGE_QUERIES = 12


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"p": "2"},
        {
            "type": "projects.projectpage",
            "language": "en",
            "missing": "1",
            "ordering": "-completeness",
        },
    ],
)
def test_query_count_does_not_grow_with_the_number_of_objects(
    admin_client, django_assert_num_queries, params
):
    add_projects(5)
    small = dashboard_queries(admin_client, django_assert_num_queries, params, PAGE_QUERIES)
    add_projects(55, start=5)
    large = dashboard_queries(admin_client, django_assert_num_queries, params, PAGE_QUERIES)
    assert large.context["paginator"].count > small.context["paginator"].count


def test_the_workbench_next_item_follows_the_dashboards_order_across_pages(admin_client):
    add_projects(60)
    params = {"type": "projects.projectpage", "ordering": "title"}
    # The translator's dashboard (in English), all its pages: what the workbench goes through.
    rows, _pages = all_pages(admin_client, {**params, "language": "en", "missing": "1"})
    content_type = ContentType.objects.get_for_model(ProjectPage).pk
    with translation.override("en"):
        queue = selectors.queue(params, "en")
        # From the 49th row, the following ones run on to the second page.
        expected = [(content_type, row.object_id) for row in rows[49:59]]
        assert selectors.following(queue, (content_type, rows[48].object_id)) == expected
        # From the last row, the queue starts again from the first.
        following = selectors.following(queue, (content_type, rows[-1].object_id))
        assert following[0] == (content_type, rows[0].object_id)
        assert selectors.remaining(queue) == len(rows)


def test_the_admin_home_reads_the_totals_in_a_bounded_number_of_queries(admin_client):
    add_projects(5)
    small = count_queries(admin_client, "/admin/")
    add_projects(30, start=5)
    assert count_queries(admin_client, "/admin/") == small
    # The totals themselves: one grouped query, whatever the number of objects.
    with CaptureQueriesContext(connection) as queries:
        selectors.totals()
    assert len(queries) == 1


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
