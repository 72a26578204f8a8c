"""A project moves to the archive by itself once its end date has passed, at month precision.

Projects are created around today's date: ended last month → archived; ending this month or
next month → current; a year-only end date counts as December of that year; an editor's
"archived" box archives a project whatever its dates. The rule is written once
(projects.models.archived_q) and read two ways, by the database (ProjectPage.objects
.archived()/.current()) and in memory (ProjectPage.is_archived): both must agree.
"""

import pytest
from django.utils import timezone, translation
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
    today = timezone.localdate()
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
    "No end date": ((None, None), False),
}
# Archived by an editor although its dates say it is running: the editor wins.
ARCHIVED_BY_AN_EDITOR = {
    "Ends next year, archived by an editor": ends(year_offset=1),
    "Ends this month, archived by an editor": ends(months=0),
    "No end date, archived by an editor": (None, None),
}


def build_project(program, title, end, archived=False):
    """A published project of `program` ending at `end` ((year, month), either may be None)."""
    end_year, end_month = end
    slug = "archiving-" + "".join(char if char.isalnum() else "-" for char in title.lower())
    project = ProjectPage(
        title=title,
        title_fr=title,
        title_en=title,
        slug=slug,
        slug_fr=slug,
        slug_en=slug,
        summary_fr="Résumé",
        summary_en="Summary",
        countries=[COUNTRY],
        start_year=(end_year or timezone.localdate().year) - 3,
        end_year=end_year,
        end_month=end_month,
        archived=archived,
    )
    program.add_child(instance=project)
    project.save_revision().publish()
    return project


@pytest.fixture
def projects():
    program = ProgramPage.objects.live().first()
    created = {title: build_project(program, title, end) for title, (end, _archived) in CASES.items()}
    for title, end in ARCHIVED_BY_AN_EDITOR.items():
        created[title] = build_project(program, title, end, archived=True)
    return created


def texts(response, selector):
    return [
        " ".join(node.get_text().split())
        for node in WagtailTestUtils.get_soup(response.text).select(selector)
    ]


def expected(archived):
    by_dates = [title for title, (_end, is_archived) in CASES.items() if is_archived is archived]
    return sorted(by_dates + (list(ARCHIVED_BY_AN_EDITOR) if archived else []))


def test_the_listing_files_projects_by_their_end_date(client, projects):
    archived = client.get(f"/en/projects/?country={COUNTRY}&status=archived")
    current = client.get(f"/en/projects/?country={COUNTRY}&status=current")

    assert archived.status_code == current.status_code == 200
    assert sorted(texts(archived, "a.card__link")) == expected(archived=True)
    assert sorted(texts(current, "a.card__link")) == expected(archived=False)


def test_the_listing_still_reads_the_earlier_status_value(client, projects):
    earlier = client.get(f"/en/projects/?country={COUNTRY}&status=active")
    assert sorted(texts(earlier, "a.card__link")) == expected(archived=False)


def test_the_listing_shows_current_projects_before_archived_ones(client, projects):
    response = client.get(f"/en/projects/?country={COUNTRY}")
    titles = texts(response, "a.card__link")
    assert sorted(titles) == sorted(projects)
    archived = [titles.index(title) for title in expected(archived=True)]
    current = [titles.index(title) for title in expected(archived=False)]
    assert max(current) < min(archived)


def test_the_listing_badges_exactly_the_archived_ones(client, projects):
    soup = WagtailTestUtils.get_soup(client.get(f"/en/projects/?country={COUNTRY}").text)
    badged = {
        " ".join(card.select_one("a.card__link").get_text().split())
        for card in soup.select(".card")
        if any(badge.get_text().strip() == "Archived" for badge in card.select(".badge"))
    }
    assert sorted(badged) == expected(archived=True)


def test_the_archive_page_lists_exactly_the_archived_ones(client, projects):
    response = client.get("/en/archive/")
    assert response.status_code == 200
    listed = set(texts(response, ".archive-list__item a"))
    for title in projects:
        assert (title in listed) is (title in expected(archived=True)), title


def test_the_project_page_says_whether_the_project_is_archived(client, projects):
    for title, project in projects.items():
        with translation.override("en"):
            url = project.get_url()
        badges = texts(client.get(url), ".badge")
        assert ("Archived project" in badges) is (title in expected(archived=True)), title


def test_the_database_and_the_page_in_memory_apply_the_same_rule(projects):
    ours = ProjectPage.objects.filter(pk__in=[project.pk for project in projects.values()])
    archived = sorted(ours.archived().values_list("title", flat=True))
    current = sorted(ours.current().values_list("title", flat=True))
    assert archived == expected(archived=True)
    assert current == expected(archived=False)
    annotated = {project.title: project.archived_now for project in ours.with_archive_status()}
    for title, project in projects.items():
        fresh = ProjectPage.objects.get(pk=project.pk)
        assert fresh.is_archived is annotated[title] is (title in archived), title


def test_the_rule_moves_with_the_date(projects):
    """Next month, the project ending this month is archived, by both readings of the rule."""
    year, month = shift_month(timezone.localdate(), 1)
    next_month = timezone.localdate().replace(year=year, month=month, day=1)
    project = projects["Ends this month"]
    assert not project.is_archived
    assert project.is_archived_on(next_month)
    assert ProjectPage.objects.filter(pk=project.pk).archived(today=next_month).exists()
    assert not ProjectPage.objects.filter(pk=project.pk).current(today=next_month).exists()
