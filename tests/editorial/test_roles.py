"""After migrations every install has the three editorial groups, their rights, and the review workflow."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)

from projects.models import ProjectPage
from tests.factories import ProgramPageFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db

ROLES = ["Editors", "Translators", "Administrators"]
ALL = {"add", "change", "delete", "view"}
FILES = {"add", "change", "choose", "delete"}

# Page permissions on the root of the page tree.
PAGE_PERMISSIONS = {
    "Editors": {"add", "change", "publish", "lock", "unlock"},
    "Translators": {"change"},
    "Administrators": {"add", "change", "publish", "bulk_delete", "lock", "unlock"},
}
# Permissions on the root collection, as app_label.codename.
COLLECTION_PERMISSIONS = {
    "Editors": {f"wagtailimages.{a}_image" for a in FILES} | {f"wagtaildocs.{a}_document" for a in FILES},
    "Translators": {"wagtailimages.choose_image", "wagtaildocs.choose_document"},
    "Administrators": {f"wagtailimages.{a}_image" for a in FILES}
    | {f"wagtaildocs.{a}_document" for a in FILES}
    | {"wagtailcore.add_collection", "wagtailcore.change_collection", "wagtailcore.delete_collection"},
}
# Partners have drafts: publishing and locking them is the reviewers' right.
PARTNER_REVIEW = {"partners.publish_partner", "partners.lock_partner", "partners.unlock_partner"}
# Django model permissions (images and documents are granted per collection, above).
MODEL_PERMISSIONS = {
    "Editors": {"wagtailadmin.access_admin"} | {f"partners.{a}_partner" for a in ALL} | PARTNER_REVIEW,
    "Translators": {"wagtailadmin.access_admin", "partners.change_partner", "partners.view_partner"},
    "Administrators": {"wagtailadmin.access_admin"}
    | PARTNER_REVIEW
    | {
        f"{app}.{action}_{model}"
        for app, model in [
            ("partners", "partner"),
            ("auth", "user"),
            ("auth", "group"),
            ("wagtailcore", "site"),
            ("wagtailredirects", "redirect"),
            ("wagtailcore", "workflow"),
            ("wagtailcore", "task"),
        ]
        for action in ALL
    }
    # The open data settings (IATI identity, licence) and the organisation's settings (name, logo,
    # contact, legal notice: the go-live checklist's links) are the Administrators' alone.
    | {"opendata.change_opendatasettings", "organisation.change_organisationsettings"},
}


def page_permissions(group):
    root = Page.get_first_root_node()
    return {
        perm.permission.codename.removesuffix("_page")
        for perm in GroupPagePermission.objects.filter(group=group, page=root)
    }


def collection_permissions(group):
    root = Collection.get_first_root_node()
    return {
        f"{perm.permission.content_type.app_label}.{perm.permission.codename}"
        for perm in GroupCollectionPermission.objects.filter(group=group, collection=root)
    }


def model_permissions(group):
    # Wagtail's own migrations also give its sample "Editors" group model-level image and
    # document permissions; Wagtail checks those per collection, so they are left aside.
    return {
        f"{perm.content_type.app_label}.{perm.codename}"
        for perm in group.permissions.exclude(content_type__app_label__in=["wagtailimages", "wagtaildocs"])
    }


@pytest.mark.parametrize("name", ROLES)
def test_each_role_has_exactly_its_rights(name):
    group = Group.objects.get(name=name)
    assert page_permissions(group) == PAGE_PERMISSIONS[name]
    assert collection_permissions(group) == COLLECTION_PERMISSIONS[name]
    assert model_permissions(group) == MODEL_PERMISSIONS[name]
    # No role has rights granted anywhere else in the page tree or the collections.
    assert not GroupPagePermission.objects.filter(group=group).exclude(page__depth=1).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exclude(collection__depth=1).exists()


def test_only_administrators_manage_people_and_sites():
    for name in ["Editors", "Translators"]:
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert not codenames & {"add_user", "change_user", "add_group", "change_group", "change_site"}


def test_wagtails_sample_moderators_group_is_gone():
    # It published without review, outside the three roles; nobody belonged to it.
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLES)
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_every_page_goes_through_the_editors_review():
    workflow = Workflow.objects.get(name="Review by an editor")
    assert workflow.active
    assert Page.get_first_root_node().get_workflow() == workflow
    tasks = list(workflow.tasks.specific())
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert tasks[0].active
    assert set(tasks[0].groups.values_list("name", flat=True)) == {"Editors", "Administrators"}
    # Pages added later go through it too: the workflow is the root's, not each page's.
    program = ProgramPageFactory()
    built = [program, ProjectPageFactory(parent=program, publish=False)]
    pages = [*ProjectPage.objects.all(), *built]
    assert {page.get_workflow() for page in pages} == {workflow}


def _migration():
    return importlib.import_module("editorial.migrations.0001_roles")


def _state_apps(name="0001_roles"):
    """The models as the migration sees them (historical models, not the current classes)."""
    loader = MigrationLoader(connection)
    return loader.project_state(("editorial", name)).apps


def _snapshot():
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "page": sorted(GroupPagePermission.objects.values_list("group__name", "permission__codename")),
        "collection": sorted(
            GroupCollectionPermission.objects.values_list("group__name", "permission__codename")
        ),
        "model": {group.name: model_permissions(group) for group in Group.objects.all()},
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "root_workflow": Page.get_first_root_node().get_workflow().name,
        "reviewers": sorted(GroupApprovalTask.objects.values_list("name", "groups__name")),
        "permissions": Permission.objects.count(),
    }


def test_the_migration_can_run_again_without_changing_anything():
    before = _snapshot()
    migration, apps = _migration(), _state_apps()
    migration.create_roles(apps, None)
    migration.create_workflow(apps, None)
    partner_review = importlib.import_module("editorial.migrations.0002_partner_review")
    partner_review.attach(_state_apps("0002_partner_review"), None)
    assert _snapshot() == before


def test_the_migration_can_be_reversed_and_applied_again():
    before = _snapshot()
    migration, apps = _migration(), _state_apps()

    migration.remove_workflow(apps, None)
    migration.remove_roles(apps, None)
    assert not Group.objects.filter(name__in=ROLES).exists()
    assert not GroupPagePermission.objects.exists()
    assert not Workflow.objects.filter(name="Review by an editor").exists()
    assert not GroupApprovalTask.objects.filter(name="Approval by an editor").exists()
    assert Page.get_first_root_node().get_workflow() is None

    migration.create_roles(apps, None)
    migration.create_workflow(apps, None)
    # The partners' review (0002) completes the roles once partners have drafts.
    partner_review = importlib.import_module("editorial.migrations.0002_partner_review")
    partner_review.attach(_state_apps("0002_partner_review"), None)
    # The open data app then gives Administrators its settings.
    opendata_rights = importlib.import_module("opendata.migrations.0002_administrators_edit_settings")
    opendata_rights.grant(_state_apps("0002_partner_review"), None)
    # And the organisation app gives them the organisation's settings (the go-live checklist).
    organisation_rights = importlib.import_module("organisation.migrations.0003_administrators_edit_settings")
    organisation_rights.grant(_state_apps("0002_partner_review"), None)
    assert _snapshot() == before
