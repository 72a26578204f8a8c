"""Run in a separate process on a scratch site: print, as JSON, everything a backup must keep.

`python -m tests.backups.site_state [prepare|damage]`: `prepare` first adds what only an
editor's work creates (a draft revision, a user with a password); `damage` first deletes and
changes a little of everything, so the test can tell a restore from no change at all.
"""

import hashlib
import io
import json
import os
import sys
from pathlib import Path

from PIL import Image as PillowImage


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _fields(obj):
    return {field.attname: field.value_to_string(obj) for field in obj._meta.concrete_fields}


def state():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    from partners.models import Partner
    from projects.models import ProjectDocument, ProjectPartner

    media_root = Path(settings.MEDIA_ROOT)
    return {
        "pages": {str(page.pk): _fields(page) for page in Page.objects.specific().order_by("path")},
        "revisions": {str(revision.pk): _fields(revision) for revision in Revision.objects.order_by("pk")},
        "users": {
            user.username: {**_fields(user), "groups": sorted(user.groups.values_list("name", flat=True))}
            for user in get_user_model().objects.order_by("pk")
        },
        "partners": {str(partner.pk): _fields(partner) for partner in Partner.objects.order_by("pk")},
        "links": sorted(json.dumps(_fields(link)) for link in ProjectPartner.objects.all()),
        "project_documents": sorted(json.dumps(_fields(link)) for link in ProjectDocument.objects.all()),
        "images": {
            str(image.pk): {**_fields(image), "bytes": _digest(image.file.path)}
            for image in get_image_model().objects.order_by("pk")
        },
        "documents": {
            str(document.pk): {**_fields(document), "bytes": _digest(document.file.path)}
            for document in get_document_model().objects.order_by("pk")
        },
        "media": {
            str(path.relative_to(media_root)): _digest(path)
            for path in sorted(media_root.rglob("*"))
            if path.is_file()
        },
    }


def prepare():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from projects.models import ProjectPage

    project = ProjectPage.objects.order_by("path").first()
    project.title_en = "An editor's draft, not yet published"
    project.save_revision()
    user = get_user_model().objects.create_user("editor-one", "editor@example.org", "a-long-editor-password")
    user.groups.add(Group.objects.get(name="Editors"))


def damage():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from partners.models import Partner
    from projects.models import ProjectDocument, ProjectPage, ProjectPartner

    projects = list(ProjectPage.objects.order_by("path"))
    projects[-1].delete()
    projects[1].summary_fr = "Résumé remplacé"
    projects[1].save_revision().publish()
    partner = Partner.objects.order_by("pk").first()
    partner.name_en = "Renamed partner"
    partner.save()
    ProjectPartner.objects.order_by("pk").first().delete()
    ProjectDocument.objects.order_by("pk").first().delete()
    get_user_model().objects.filter(username="editor-one").delete()
    get_user_model().objects.create_user("intruder", "", "another-long-password")
    image = get_image_model().objects.order_by("pk").first()
    Path(image.file.path).write_bytes(b"not the image any more")
    get_document_model().objects.order_by("pk").last().delete()
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 4), (200, 0, 0)).save(buffer, format="PNG")
    get_image_model()(title="New upload", file=ContentFile(buffer.getvalue(), name="new.png")).save()
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("left behind")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.test")
    import django

    django.setup()
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "prepare":
        prepare()
    elif action == "damage":
        damage()
    print(json.dumps(state()))
