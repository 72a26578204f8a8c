"""The three editorial roles, and the review workflow every page goes through.

- Editors write, publish, move, lock and delete pages, manage images, documents and partners,
  and approve (which publishes) or reject what translators submit. They delete one page at a
  time: deleting a page together with its sub-pages (a whole program and its projects) is left
  to Administrators ("bulk_delete").
- Translators edit existing pages and partners. They cannot add, publish, unpublish, move or
  delete a live page; their page edits are submitted to the "Review by an editor" workflow.
  Their partner edits go through the same review (0002_partner_review).
- Administrators can do everything: every page, collection, image, document and partner
  permission, plus users, groups, sites, redirects, workflows and tasks.

Wagtail's own migrations create a sample "Editors" group (reused and completed here), a sample
"Moderators" group and a "Moderators approval" workflow on the root page. The root page now uses
"Review by an editor"; the "Moderators" group is removed when nobody belongs to it, and its
workflow and task are removed when never used (only deactivated otherwise).

Every object is looked up before being created, so running this again changes nothing.
Reversing removes the three groups and the workflow (Wagtail's samples are not recreated).

Permissions and content types are created here when missing: on a fresh database, Django
creates them only after every migration has run (post_migrate).
"""

import swapper
from django.conf import settings
from django.db import migrations

EDITORS = "Editors"
TRANSLATORS = "Translators"
ADMINISTRATORS = "Administrators"
WORKFLOW_NAME = "Review by an editor"
TASK_NAME = "Approval by an editor"
REVIEWERS = [EDITORS, ADMINISTRATORS]
WAGTAIL_SAMPLE_GROUP = "Moderators"
WAGTAIL_SAMPLE_WORKFLOW = "Moderators approval"

ALL = ["add", "change", "delete", "view"]
FILES = ["add", "change", "choose", "delete"]

# For each group: Django model permissions, page permissions on the root page, and collection
# permissions on the root collection, as (app label, model name): [actions];
# the codename is "<action>_<model name>" (e.g. access_admin, bulk_delete_page).
ROLES = {
    EDITORS: {
        "models": {
            ("wagtailadmin", "admin"): ["access"],
            ("partners", "partner"): ALL,
        },
        "pages": ["add", "change", "publish", "lock", "unlock"],
        "collections": {
            ("wagtailimages", "image"): FILES,
            ("wagtaildocs", "document"): FILES,
        },
    },
    TRANSLATORS: {
        "models": {
            ("wagtailadmin", "admin"): ["access"],
            ("partners", "partner"): ["change", "view"],
        },
        "pages": ["change"],
        "collections": {
            ("wagtailimages", "image"): ["choose"],
            ("wagtaildocs", "document"): ["choose"],
        },
    },
    ADMINISTRATORS: {
        "models": {
            ("wagtailadmin", "admin"): ["access"],
            ("partners", "partner"): ALL,
            ("auth", "user"): ALL,
            ("auth", "group"): ALL,
            ("wagtailcore", "site"): ALL,
            ("wagtailredirects", "redirect"): ALL,
            ("wagtailcore", "workflow"): ALL,
            ("wagtailcore", "task"): ALL,
        },
        "pages": ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
        "collections": {
            ("wagtailimages", "image"): FILES,
            ("wagtaildocs", "document"): FILES,
            ("wagtailcore", "collection"): ["add", "change", "delete"],
        },
    },
}


def _permission(apps, app_label, model_name, action):
    """The permission, created with Django's own name if post_migrate has not run yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = apps.get_model(app_label, model_name)
    content_type, _created = ContentType.objects.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )
    codename = f"{action}_{model._meta.model_name}"
    name = dict(model._meta.permissions).get(codename) or f"Can {action} {model._meta.verbose_name_raw}"
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _permissions(apps, spec):
    return [
        _permission(apps, app_label, model_name, action)
        for (app_label, model_name), actions in spec.items()
        for action in actions
    ]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Page = apps.get_model(swapper.get_model_name("wagtailcore", "Page"))
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    page_model = (Page._meta.app_label, Page._meta.model_name)
    root_pages = list(Page.objects.filter(depth=1))
    root_collections = list(Collection.objects.filter(depth=1))

    for name, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, role["models"]))
        for permission in _permissions(apps, {page_model: role["pages"]}):
            for root in root_pages:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        for permission in _permissions(apps, role["collections"]):
            for root in root_collections:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )

    # Wagtail's sample group publishes without review: drop it while nobody belongs to it.
    sample_group = Group.objects.filter(name=WAGTAIL_SAMPLE_GROUP).first()
    if sample_group and not User.objects.filter(groups=sample_group).exists():
        sample_group.delete()


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model(swapper.get_model_name("wagtailcore", "Page"))
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    # Historical models do not fill in the task's content type by themselves.
    task_content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_content_type, "active": True}
    )
    task.groups.add(*Group.objects.filter(name__in=REVIEWERS))
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for root in Page.objects.filter(depth=1):
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    # Wagtail's sample workflow, now attached to nothing: removed if never used.
    for sample in Workflow.objects.filter(name=WAGTAIL_SAMPLE_WORKFLOW):
        if (
            WorkflowPage.objects.filter(workflow=sample).exists()
            or WorkflowContentType.objects.filter(workflow=sample).exists()
        ):
            continue
        # The sample's tasks that no other workflow uses (read before the sample goes).
        sample_tasks = list(
            GroupApprovalTask.objects.filter(workflow_tasks__workflow=sample).exclude(
                workflow_tasks__workflow__in=Workflow.objects.exclude(pk=sample.pk)
            )
        )
        if WorkflowState.objects.filter(workflow=sample).exists():
            sample.active = False
            sample.save(update_fields=["active"])
        else:
            sample.delete()
        for sample_task in sample_tasks:
            if TaskState.objects.filter(task=sample_task).exists():
                sample_task.active = False
                sample_task.save(update_fields=["active"])
            else:
                sample_task.delete()


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    # Cascades to the workflow's page links, task links and moderation history.
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=TASK_NAME).delete()


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    # Cascades to the groups' page and collection permissions and memberships.
    Group.objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("projects", "0001_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(create_workflow, remove_workflow),
    ]
