"""Administrators edit the open data settings (the IATI identity and the licence)."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="Administrators").first()
    if group is None:
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="opendata", model="opendatasettings")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_opendatasettings",
        defaults={"name": "Can change open data"},
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0001_initial"),
        ("editorial", "0002_partner_review"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
