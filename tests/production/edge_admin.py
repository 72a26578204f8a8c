"""Admin actions on the production stack's database, as an editor's browser posts them.

Run by tests/production/test_edge_cache.py as a separate process with the stack's environment
(same database, media folder, SECRET_KEY and FRONTEND_CACHE_PURGE_URL), so that the admin's
views, Wagtail's signals and the purges they send are the ones production runs. It reads one
JSON request a line ({"do": "publish", ...}) and answers one JSON line.

Stream fields are drawn by JavaScript in the admin, so forms are read the way
tests/editorial/conftest.py reads them (Django's test client, signed in as the demo's admin).
"""

import io
import json
import os
import sys
import traceback
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.production")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from PIL import Image as PillowImage  # noqa: E402
from wagtail.models import Page, Revision  # noqa: E402
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield  # noqa: E402

from partners.models import Partner  # noqa: E402
from projects.models import ProjectPage  # noqa: E402
from tests.editorial.conftest import admin_form, edit_form, partner_form  # noqa: E402


def admin():
    """A client signed in as a superuser of its own (the demo's "admin" exists on SQLite only)."""
    users = get_user_model()
    user = users.objects.filter(username="edge-editor").first()
    if user is None:
        user = users.objects.create_superuser("edge-editor", "edge-editor@example.org", None)
    client = Client()
    client.force_login(user)
    return client


def posted(response, *expected):
    assert response.status_code in (expected or (302,)), (response.status_code, response.text[:3000])
    return response.status_code


def urls(page):
    page = Page.objects.get(pk=page.pk).specific
    found = {}
    for language in ("fr", "en"):
        with translation.override(language):
            found[language] = page.get_url()
    return found


def project(acronym):
    page = ProjectPage.objects.get(acronym=acronym)
    return {
        "id": page.pk,
        "urls": urls(page),
        "parent": page.get_parent().pk,
        "image": page.hero_image_id,
        "summary": {"fr": page.summary_fr, "en": page.summary_en},
    }


def page_info(id):
    page = Page.objects.get(pk=id)
    return {"id": page.pk, "live": page.live, "urls": urls(page) if page.live else None}


def session():
    """A signed-in editor's session cookie, to send through nginx."""
    return admin().cookies["sessionid"].value


def publish(id, changes):
    page = Page.objects.get(pk=id)
    return posted(
        admin().post(f"/admin/pages/{id}/edit/", {**edit_form(page, **changes), "action-publish": "1"})
    )


def save_draft(id, changes):
    page = Page.objects.get(pk=id)
    return posted(admin().post(f"/admin/pages/{id}/edit/", edit_form(page, **changes)))


def preview(id, changes):
    """The edit form's live preview, then "View draft" and each old revision."""
    client = admin()
    page = Page.objects.get(pk=id)
    posted(client.post(f"/admin/pages/{id}/edit/preview/", edit_form(page, **changes)), 200)
    with translation.override("en"):
        shown = client.get(f"/admin/pages/{id}/edit/preview/", {"mode": "en"}).text
    posted(client.get(f"/admin/pages/{id}/view_draft/"), 200)
    for revision in Revision.objects.filter(object_id=str(id), base_content_type__model="page"):
        posted(client.get(f"/admin/pages/{id}/revisions/{revision.pk}/view/"), 200)
    return changes["title_en"] in shown


def revert(id):
    """Publish the revision before the latest, as the admin's "Revert" then "Publish" does:
    the revert view is the edit form filled from the old revision (stream fields from its blocks)."""
    page = Page.objects.get(pk=id)
    previous = page.revisions.order_by("-created_at", "-pk")[1]
    data = admin_form(f"/admin/pages/{id}/revisions/{previous.pk}/revert/", "page-edit-form")
    old = previous.as_object()
    streams = {
        name: streamfield([(child.block_type, child.block.get_form_state(child.value)) for child in stream])
        for name in ("body_fr", "body_en")
        if (stream := getattr(old, name, None)) is not None
    }
    if "comments-TOTAL_FORMS" not in data:
        streams["comments"] = inline_formset([])
    data.update(nested_form_data(streams))
    return posted(admin().post(f"/admin/pages/{id}/edit/", {**data, "action-publish": "1"}))


def schedule(id, changes):
    """Publish with a go-live date a few minutes ahead, then bring the date into the past: as if
    the time had gone by. publish_scheduled (run by the test, as cron would) publishes it.

    The form takes whole minutes: a minute ahead, cut to the minute, could be a second ahead,
    and a slow machine then posted it after that second (Wagtail publishes at once)."""
    page = Page.objects.get(pk=id)
    go_live_at = (timezone.localtime() + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    data = {**edit_form(page, go_live_at=go_live_at, **changes), "action-publish": "1"}
    posted(admin().post(f"/admin/pages/{id}/edit/", data))
    past = timezone.now() - timedelta(seconds=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False, object_id=str(id)):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    Page.objects.filter(pk=id).update(go_live_at=past)


def unpublish(id):
    return posted(admin().post(f"/admin/pages/{id}/unpublish/"))


def move(id, to):
    return posted(admin().post(f"/admin/pages/{id}/move/{to}/confirm/"))


def delete(id):
    return posted(admin().post(f"/admin/pages/{id}/delete/"))


def restrict(id):
    data = {"restriction_type": "password", "password": "s3cret-pass"}
    return posted(admin().post(f"/admin/pages/{id}/privacy/", data), 200)


def rename_partner(name, changes):
    partner = Partner.objects.get(name_fr=name)
    data = {**partner_form(partner, **changes), "action-publish": "1"}
    posted(admin().post(f"/admin/snippets/partners/partner/edit/{partner.pk}/", data))
    return [urls(page) for page in ProjectPage.objects.live().filter(partner_links__partner=partner)]


def change_settings(changes):
    from wagtail.fields import StreamField
    from wagtail.models import Site

    from organisation.models import OrganisationSettings

    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/organisation/organisationsettings/{site.pk}/"
    data = admin_form(url, "w-editor-form")
    settings = OrganisationSettings.for_site(site)
    streams = {
        field.name: streamfield(
            [
                (child.block_type, child.block.get_form_state(child.value))
                for child in getattr(settings, field.name)
            ]
        )
        for field in OrganisationSettings._meta.get_fields()
        if isinstance(field, StreamField)
    }
    data.update(nested_form_data(streams))
    return posted(admin().post(url, {**data, **changes}))


def replace_image(id, colour):
    """A new file under the same name as the old one, through the image's edit form."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.get(pk=id)
    name = os.path.basename(image.file.name)
    picture = io.BytesIO()
    PillowImage.new("RGB", (image.width, image.height), colour).save(picture, "PNG")
    data = admin_form(f"/admin/images/{id}/", "w-editor-form")
    data["file"] = ContentFile(picture.getvalue(), name=name)
    posted(admin().post(f"/admin/images/{id}/", data))
    image.refresh_from_db()
    return image.file.name


def update_summary_in_sql(id, summary):
    """A change made without the admin (no signal, no purge)."""
    return ProjectPage.objects.filter(pk=id).update(summary_fr=summary, summary_en=summary)


ACTIONS = {
    function.__name__: function
    for function in (
        project,
        page_info,
        session,
        publish,
        save_draft,
        preview,
        revert,
        schedule,
        unpublish,
        move,
        delete,
        restrict,
        rename_partner,
        change_settings,
        replace_image,
        update_summary_in_sql,
    )
}


def main():
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"ok": ACTIONS[request.pop("do")](**request)}
        except Exception:  # noqa: BLE001 - reported to the test, which fails with it
            answer = {"error": traceback.format_exc()}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
