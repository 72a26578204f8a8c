"""Administrators edit the organisation's settings (name, logo, contact, legal notice), which the
admin home's go-live checklist links to."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="Administrators").first()
    if group is None:
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="organisation", model="organisationsettings"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_organisationsettings",
        defaults={"name": "Can change organisation"},
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_name_optional"),
        ("editorial", "0002_partner_review"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
