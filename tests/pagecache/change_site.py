"""A separate process that changes the site as an editor would, one change per line of input.

Started by test_shared_redis.py with the same database and Redis as the two app servers: it
reads a change's name, makes it (committed), and answers "done <name>".
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from wagtail.documents import get_document_model  # noqa: E402

from partners.models import Partner  # noqa: E402
from projects.models import ProgramPage, ProjectPage  # noqa: E402


def acif():
    return ProjectPage.objects.get(acronym="ACIF")


def editor():
    user, _created = get_user_model().objects.get_or_create(
        username="shared-cache-editor", defaults={"is_superuser": True, "email": "editor@example.org"}
    )
    return user


def publish():
    page = acif()
    page.title_en = "Published on another server"
    page.save_revision(user=editor()).publish()


def approve():
    page = acif()
    page.summary_en = "Approved on another server."
    page.save_revision(user=editor())
    state = page.get_workflow().start(page, editor())
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, editor(), "approve")


def partner():
    codase = Partner.objects.get(acronym="CODASE")
    codase.name_en = "CODASE, renamed on another server"
    codase.save_revision(user=editor()).publish()


def image():
    picture = acif().hero_image
    picture.description = "Described on another server"
    picture.save()


def document():
    note = get_document_model().objects.first()
    note.title = "Renamed on another server"
    note.save()


def move():
    acif().move(ProgramPage.objects.get(slug_en="migration-and-integration"), pos="last-child")


def unpublish():
    acif().unpublish()


def delete():
    ProjectPage.objects.get(acronym="SAARA").delete()


CHANGES = {
    change.__name__: change
    for change in (publish, approve, partner, image, document, move, unpublish, delete)
}

for line in sys.stdin:
    name = line.strip()
    CHANGES[name]()
    print(f"done {name}", flush=True)
