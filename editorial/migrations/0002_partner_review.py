"""Partners go through the same review as pages, now that they have drafts and revisions.

Editors and Administrators may publish, lock and unlock partners; Translators keep "change"
only, so their partner edits are submitted to "Review by an editor" like their page edits.
Running this again changes nothing; reversing detaches the workflow and the permissions.
"""

from django.db import migrations

PUBLISHERS = ["Editors", "Administrators"]
ACTIONS = ["publish", "lock", "unlock"]
WORKFLOW_NAME = "Review by an editor"


def _partner_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="partners", model="partner")
    return [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_partner", defaults={"name": f"Can {action} partner"}
        )[0]
        for action in ACTIONS
    ], content_type


def attach(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    permissions, content_type = _partner_permissions(apps)
    for group in Group.objects.filter(name__in=PUBLISHERS):
        group.permissions.add(*permissions)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})


def detach(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    permissions, content_type = _partner_permissions(apps)
    for group in Group.objects.filter(name__in=PUBLISHERS):
        group.permissions.remove(*permissions)
    WorkflowContentType.objects.filter(content_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_roles"),
        ("partners", "0002_moderation"),
    ]

    operations = [migrations.RunPython(attach, detach)]
