"""A project moves to the archive by itself once its end date has passed, at month precision.

Projects are created around today's date: ended last month → archived; ending this month or
next month → current; a year-only end date counts as December of that year.
"""

import datetime

import pytest
from wagtail.test.utils import WagtailTestUtils

from projects.models import ProgramPage, ProjectPage

pytestmark = pytest.mark.django_db

# A country no demo project works in, so the listing filtered on it shows only these projects.
COUNTRY = "IS"


def shift_month(day, months):
    """(year, month) `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def ends(months=None, year_offset=None):
    """An end date `months` from today's month, or a year-only end `year_offset` years away."""
    today = datetime.date.today()
    if months is not None:
        return shift_month(today, months)
    return today.year + year_offset, None


CASES = {
    # title: (end year, end month), archived?
    "Ended last month": (ends(months=-1), True),
    "Ended a year ago this month": (ends(months=-12), True),
    "Ends this month": (ends(months=0), False),
    "Ends next month": (ends(months=1), False),
    "Ended last year (year only)": (ends(year_offset=-1), True),
    "Ends this year (year only)": (ends(year_offset=0), False),
    "Ends next year (year only)": (ends(year_offset=1), False),
}


@pytest.fixture
def projects():
    program = ProgramPage.objects.live().first()
    created = {}
    for number, (title, ((end_year, end_month), _archived)) in enumerate(CASES.items()):
        project = ProjectPage(
            title=title,
            title_fr=title,
            title_en=title,
            slug=f"archiving-{number}",
            slug_fr=f"archivage-{number}",
            slug_en=f"archiving-{number}",
            summary_fr="Résumé",
            summary_en="Summary",
            countries=[COUNTRY],
            start_year=end_year - 3,
            end_year=end_year,
            end_month=end_month,
            archived=False,
        )
        program.add_child(instance=project)
        project.save_revision().publish()
        created[title] = project
    return created


def texts(response, selector):
    return [
        " ".join(node.get_text().split())
        for node in WagtailTestUtils.get_soup(response.text).select(selector)
    ]


def expected(archived):
    return sorted(title for title, (_end, is_archived) in CASES.items() if is_archived is archived)


def test_the_listing_files_projects_by_their_end_date(client, projects):
    archived = client.get(f"/en/projects/?country={COUNTRY}&status=archived")
    current = client.get(f"/en/projects/?country={COUNTRY}&status=active")

    assert archived.status_code == current.status_code == 200
    assert sorted(texts(archived, "a.card__link")) == expected(archived=True)
    assert sorted(texts(current, "a.card__link")) == expected(archived=False)


def test_the_listing_shows_current_projects_before_past_ones(client, projects):
    response = client.get(f"/en/projects/?country={COUNTRY}")
    titles = texts(response, "a.card__link")
    assert sorted(titles) == sorted(CASES)
    past = [titles.index(title) for title in expected(archived=True)]
    current = [titles.index(title) for title in expected(archived=False)]
    assert max(current) < min(past)


def test_the_archive_page_lists_exactly_the_past_ones(client, projects):
    response = client.get("/en/archive/")
    assert response.status_code == 200
    listed = set(texts(response, ".archive-list__item a"))
    for title, (_end, archived) in CASES.items():
        assert (title in listed) is archived, title


def test_the_project_page_says_whether_the_project_is_past(projects):
    for title, (_end, archived) in CASES.items():
        assert projects[title].is_archived is archived, title
