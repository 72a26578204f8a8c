"""Reads of the portfolio: every listing the pages show, each in a fixed number of queries."""

import datetime

from django.apps import apps
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from wagtail.models import Page, Site


def _model(name):
    # Resolved lazily: models.py imports this module, so it cannot import models.py back.
    return apps.get_model("projects", name)


def archived_q(today=None):
    """Projects archived by an editor, or whose end date (month, or else year) has passed."""
    today = today or datetime.date.today()
    ended = Q(end_year__lt=today.year) | Q(end_year=today.year, end_month__lt=today.month)
    return Q(archived=True) | ended


def _project_cards(queryset):
    """What a project card shows: image renditions preloaded, stream bodies left out."""
    return (
        queryset.live()
        .public()
        .defer_streamfields()
        .select_related("hero_image")
        .prefetch_related("hero_image__renditions")
    )


def attach_programs(projects):
    """Give each project its program (its parent page) with one query for all of them."""
    projects = list(projects)
    parent_paths = {project.path[: -project.steplen] for project in projects}
    programs = {
        program.path: program
        for program in _model("ProgramPage").objects.filter(path__in=parent_paths).defer_streamfields()
    }
    for project in projects:
        project.program = programs.get(project.path[: -project.steplen])
    return projects


def all_projects():
    """Every live project, current ones first, then the most recently ended."""
    return attach_programs(_current_first(_project_cards(_model("ProjectPage").objects.all())))


def program_projects(program):
    """The live projects of one program, current ones first."""
    return _current_first(_project_cards(_model("ProjectPage").objects.child_of(program)))


def archived_projects():
    """Past projects, the most recently ended first."""
    queryset = _project_cards(_model("ProjectPage").objects.filter(archived_q()))
    return attach_programs(
        queryset.order_by(
            Coalesce("end_year", "start_year", Value(0)).desc(),
            Coalesce("start_year", Value(0)).desc(),
            "title",
        )
    )


def _current_first(queryset):
    return queryset.annotate(
        is_past=Case(When(archived_q(), then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by(
        "is_past",
        Coalesce("end_year", Value(9999)).desc(),
        Coalesce("start_year", Value(0)).desc(),
        "title",
    )


def featured_projects(home):
    """The projects an editor put forward on the home page, in their order, live ones only."""
    ids = list(home.featured_projects.values_list("project_id", flat=True))
    by_id = {
        project.pk: project for project in _project_cards(_model("ProjectPage").objects.filter(pk__in=ids))
    }
    return attach_programs([by_id[pk] for pk in ids if pk in by_id])


def programs(home):
    """The thematic programs under the home page, in the tree's order."""
    return (
        _model("ProgramPage")
        .objects.child_of(home)
        .live()
        .public()
        .defer_streamfields()
        .select_related("image")
        .prefetch_related("image__renditions")
    )


def listing_pages(home):
    """The index pages under the home page (all projects, archive, partners), for navigation."""
    return Page.objects.child_of(home).live().public().not_type(_model("ProgramPage")).specific()


def project_partner_links(project):
    """A project's partners and funders with their logos, in the editor's order."""
    return project.partner_links.select_related("partner", "partner__logo").prefetch_related(
        "partner__logo__renditions"
    )


def project_documents(project):
    """A project's attached documents with their files."""
    return project.documents.select_related("document")


def navigation(request):
    """The site's home page and the pages listed in its menu, for the header of every page."""
    site = Site.find_for_request(request)
    if site is None:
        return {"home": None, "items": []}
    home = site.root_page
    return {"home": home, "items": list(home.get_children().live().public().in_menu())}


def breadcrumbs(page):
    """The pages above `page`, from the home page down, without the tree's invisible root."""
    return list(page.get_ancestors().filter(depth__gt=1).live())
