"""A census of the URLs, not a list of doors.

Every URL pattern the admin's URLconf resolves (Wagtail's and ours) is requested as each role
(anonymous, Translator, Editor, Administrator, superuser) with GET and with POST, its parameters
filled with real objects; each answer's class is compared with the decision written for it in
census_decisions.py. A pattern without a decision fails the test ("undecided"): a view added by a
Wagtail upgrade or a new app waits for someone to decide who may use it. The public URLconf is
walked the same way for the anonymous visitor: every pattern is public or guarded, on purpose.

`CENSUS_RECORD=path pytest tests/security/test_url_census.py` writes what was observed, in the
decisions' format, to `path` (for reviewing a Wagtail upgrade; never copied in unread).
"""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, PageViewRestriction, Site, Task

from partners.models import Partner
from projects.models import ProgramPage, ProjectPage
from tests.factories import AdministratorFactory, EditorFactory, TranslatorFactory

from . import census
from .census_decisions import ADMIN, PUBLIC

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def objects():
    """Real objects for every kind of URL parameter, and a user per role."""
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect

    superuser = User.objects.create_superuser("census-root", "root@example.org", "secret-password-1")
    users = {
        "translator": TranslatorFactory(username="census-translator"),
        "editor": EditorFactory(username="census-editor"),
        "administrator": AdministratorFactory(username="census-administrator"),
        "superuser": superuser,
    }
    project = ProjectPage.objects.get(acronym="Phu Nu")
    program = project.get_parent().specific
    other_program = ProgramPage.objects.exclude(pk=program.pk).live().first()
    # A review in progress: its workflow state and task state.
    workflow = project.get_workflow()
    workflow_state = workflow.start(project, superuser)
    task_state = workflow_state.current_task_state
    target = User.objects.create_user("census-target", "target@example.org", "secret-password-1")
    collection = Collection.get_first_root_node().add_child(name="Census collection")
    values = {
        "page": project,
        "program": program,
        "other_program": other_program,
        "revision": project.latest_revision,
        "workflow": workflow,
        "workflow_state": workflow_state,
        "task_state": task_state,
        "task": Task.objects.first(),
        "user": target,
        "group": users["editor"].groups.get(),
        "collection": collection,
        "site": Site.objects.get(is_default_site=True),
        "partner": Partner.objects.get(acronym="GRDR"),
        "image": get_image_model().objects.first(),
        "document": get_document_model().objects.first(),
        "redirect": Redirect.objects.create(old_path="/census-old", redirect_link="/fr/"),
        "editing_session": EditingSession.objects.create(
            user=superuser,
            content_type=ContentType.objects.get_for_model(project, for_concrete_model=False),
            object_id=str(project.pk),
            last_seen_at=timezone.now(),
        ),
        "project_type": ContentType.objects.get_for_model(ProjectPage),
    }
    return users, values


def pk_for(route, values):
    """The object a `<pk>`-like parameter stands for, from the route's prefix."""
    prefixes = [
        ("admin/collections/", "collection"),
        ("admin/workflows/tasks/", "task"),
        ("admin/workflows/", "workflow"),
        ("admin/sites/", "site"),
        ("admin/users/", "user"),
        ("admin/groups/", "group"),
        ("admin/snippets/", "partner"),
        ("admin/settings/", "settings"),
        ("admin/api/main/^pages", "page"),
        ("admin/api/main/^images", "image"),
        ("admin/api/main/^documents", "document"),
        ("admin/images/", "image"),
        ("admin/documents/", "document"),
        ("admin/pages/", "page"),
        ("api/v1/projects/", "page"),
    ]
    for prefix, kind in prefixes:
        if route.startswith(prefix):
            if kind == "settings":
                from organisation.models import OrganisationSettings

                return OrganisationSettings.for_site(values["site"]).pk
            return values[kind].pk
    raise AssertionError(f"no object for the pk of {route}")


def fill(route, values):
    """A concrete path for `route`, every parameter an existing object's."""
    page, program = values["page"], values["program"]
    regex_routes = {
        "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)"
        "\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": f"admin/pages/{page.pk}/revisions/compare/"
        "earliest...latest/",
        "admin/snippets/partners/partner/history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest"
        "|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": "admin/snippets/partners/partner/history/"
        f"{values['partner'].pk}/revisions/compare/earliest...latest/",
        "admin/pages/(?P<page_id>\\d+)/edit/copy_translation_content/$": f"admin/pages/{page.pk}/edit/"
        "copy_translation_content/",
        "admin/^.*/$": "admin/no-such-screen/",
        "documents/^(\\d+)/(.*)$": values["document"].url.lstrip("/"),
        "fr/^((?:[\\w\\-]+/)*)$": "fr/",
        "en/^((?:[\\w\\-]+/)*)$": "en/",
    }
    if route in regex_routes:
        return "/" + regex_routes[route]
    by_name = {
        "parent_page_id": program.pk,
        "page_id": page.pk,
        "page_to_move_id": page.pk,
        "destination_id": values["other_program"].pk,
        "page_pk": page.pk,
        "content_type_app_name": "projects",
        "content_type_model_name": "projectpage",
        "action_name": "approve",
        "task_state_id": values["task_state"].pk,
        "task_id": values["task_state"].task_id,
        "workflow_state_id": values["workflow_state"].pk,
        "workflow_pk": values["workflow"].pk,
        "revision_id": values["revision"].pk,
        "collection_id": values["collection"].pk,
        "session_id": values["editing_session"].pk,
        "content_type_id": values["project_type"].pk,
        "object_id": page.pk,
        "language": "en",
        "redirect_id": values["redirect"].pk,
        "document_id": values["document"].pk,
        "doc_id": values["document"].pk,
        "uploaded_file_id": 999_999,  # an upload in progress exists only in its uploader's session
        "image_id": values["image"].pk,
        "filter_spec": "fill-100x100",
        "uidb64": "MQ",
        "token": "set-password",
        "restriction_id": 999_999,
        "page_view_restriction_id": values["restriction"].pk if "restriction" in values else 999_999,
        "section": "pages",
        "path": "no-such-file.txt",
    }
    special = {
        # (route prefix, parameter): value
        ("admin/bulk/", "app_label"): "wagtailcore",
        ("admin/bulk/", "model_name"): "page",
        ("admin/bulk/", "action"): "delete",
        ("admin/pages/create/", "app_label"): "projects",
        ("admin/pages/create/", "model_name"): "projectpage",
        ("admin/tag-autocomplete/", "app_name"): "wagtaildocs",
        ("admin/tag-autocomplete/", "model_name"): "document",
        ("admin/workflows/tasks/add/", "app_label"): "wagtailcore",
        ("admin/workflows/tasks/add/", "model_name"): "groupapprovaltask",
        ("admin/editing-sessions/", "app_label"): "wagtailcore",
        ("admin/editing-sessions/", "model_name"): "page",
        ("admin/editing-sessions/", "object_id"): page.pk,
        ("admin/settings/", "app_name"): "organisation",
        ("admin/settings/", "model_name"): "organisationsettings",
        ("admin/api/main/", "action_name"): "publish",
    }

    def replace(match):
        name = match.group("name")
        for (prefix, parameter), value in special.items():
            if parameter == name and route.startswith(prefix):
                return str(value)
        if name == "pk":
            return str(pk_for(route, values))
        if name in by_name:
            return str(by_name[name])
        raise AssertionError(f"no value for <{name}> in {route}")

    path = re.sub(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>", replace, route)
    path = path.replace("^", "").replace("$", "")
    if path.startswith("admin/bulk/"):
        path += f"?id={page.pk}&next=/admin/pages/"
    return "/" + path


def run(routes, users, values, decisions, roles):
    clients = census.make_clients(users)
    state = census.Census(clients=clients, users=users)
    undecided, wrong, observed_all = [], [], {}
    for route in routes:
        url = fill(route, values)
        observed = {}
        for method in census.METHODS:
            for role in roles:
                observed[(method, role)] = state.request(role, method, url)
        observed_all[route] = observed
        if route not in decisions:
            undecided.append(route)
            continue
        expected = census.parse_decision(decisions[route]) if len(roles) > 1 else decisions[route]
        if len(roles) == 1:
            text = " ".join(f"{method}:{observed[(method, roles[0])]}" for method in census.METHODS)
            if text != expected:
                wrong.append(f"{route} ({url}): expected {expected}, got {text}")
            continue
        for key, letter in expected.items():
            if observed[key] != letter:
                wrong.append(f"{route} ({url}) {key[0]} as {key[1]}: expected {letter}, got {observed[key]}")
    return undecided, wrong, observed_all


def record(observed_all, roles):
    target = os.environ.get("CENSUS_RECORD")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as out:
        for route, observed in observed_all.items():
            if len(roles) == 1:
                text = " ".join(f"{method}:{observed[(method, roles[0])]}" for method in census.METHODS)
            else:
                text = census.format_decision(observed)
            out.write(f"    {route!r}: {text!r},\n")


def admin_routes():
    return [route for route, _pattern in census.walk() if route.startswith("admin/")]


def test_every_admin_url_has_a_decision_and_every_decision_a_url():
    routes = admin_routes()
    assert len(routes) > 200  # Wagtail's admin and ours, not a few doors
    undecided = [route for route in routes if route not in ADMIN]
    assert not undecided, "undecided (add a decision to census_decisions.ADMIN):\n" + "\n".join(undecided)
    # Decisions for URLs that no longer exist are removed, so the table stays the admin's own.
    assert not set(ADMIN) - set(routes), set(ADMIN) - set(routes)


# About 2,500 requests: the admin's URLs are walked in four shares, which pytest-xdist can run
# side by side; together they cover every URL (each share is every fourth one).
SHARES = 4


@pytest.mark.end_to_end
@pytest.mark.parametrize("share", range(SHARES))
def test_every_admin_url_answers_each_role_and_method_as_decided(objects, share):
    users, values = objects
    routes = admin_routes()[share::SHARES]
    undecided, wrong, observed = run(routes, users, values, ADMIN, census.ROLES)
    record(observed, census.ROLES)
    assert not undecided, "undecided (add a decision to census_decisions.ADMIN):\n" + "\n".join(undecided)
    assert not wrong, "\n".join(wrong)


def test_every_public_url_is_public_or_guarded_on_purpose(objects):
    users, values = objects
    # The page-password form answers for a real restriction.
    values["restriction"] = PageViewRestriction.objects.create(
        page=values["page"], restriction_type=PageViewRestriction.PASSWORD, password="census-password"
    )
    routes = [route for route, _pattern in census.walk() if not route.startswith("admin/")]
    undecided, wrong, observed = run(routes, {}, values, PUBLIC, ("anonymous",))
    record(observed, ("anonymous",))
    assert not undecided, "undecided (add a decision to census_decisions.PUBLIC):\n" + "\n".join(undecided)
    assert not wrong, "\n".join(wrong)
    assert not set(PUBLIC) - set(routes), set(PUBLIC) - set(routes)
