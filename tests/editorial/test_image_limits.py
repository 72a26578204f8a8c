"""Images are bounded in bytes and in pixels, so one upload or one rendition cannot hold gigabytes.

An editor uploading through the admin gets a form error in their own language; an older image
above the cap fails at once when rendered instead of being decompressed.
"""

import io
import json
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.users.models import UserProfile

from .conftest import client_for

pytestmark = pytest.mark.django_db

ERRORS = {
    "too_many_pixels": {
        "en": "This file has too many pixels",
        "fr": "Ce fichier a un trop grand nombre de pixels",
    },
    "too_big": {"en": "This file is too big", "fr": "Ce fichier est trop gros"},
}


def png(width, height, padding=0):
    """A black-and-white PNG: a few kilobytes however many pixels it has, plus `padding` bytes."""
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG")
    # Bytes after the image's end chunk are ignored by image readers but count in the file's size.
    return buffer.getvalue() + b"\0" * padding


def editor_client(editor, language):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    return client_for(editor)


def upload(client, content, name="photo.png"):
    """Post one image to the admin's add-image form, as the editor's browser would."""
    return client.post(
        "/admin/images/add/",
        {
            "title": "Photo",
            "file": SimpleUploadedFile(name, content, content_type="image/png"),
            "collection": 1,
        },
    )


def test_settings_cap_pixels_and_bytes():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 30_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert PILImage.MAX_IMAGE_PIXELS <= settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_editor_uploads_an_ordinary_image(editor, language):
    before = get_image_model().objects.count()
    response = upload(editor_client(editor, language), png(1600, 900))
    assert response.status_code == 302
    assert get_image_model().objects.count() == before + 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_small_file_with_too_many_pixels_is_a_form_error(editor, language):
    content = png(6000, 6000)  # 36 megapixels in a few kilobytes
    assert len(content) < 100_000
    before = get_image_model().objects.count()
    response = upload(editor_client(editor, language), content)
    assert response.status_code == 200
    assert ERRORS["too_many_pixels"][language] in response.text
    assert get_image_model().objects.count() == before


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_file_too_big_is_refused(editor, language):
    content = png(100, 100, padding=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    before = get_image_model().objects.count()
    response = upload(editor_client(editor, language), content)
    assert response.status_code == 200
    assert ERRORS["too_big"][language] in response.text
    assert get_image_model().objects.count() == before


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_multiple_upload_view_refuses_too_many_pixels(editor, language):
    before = get_image_model().objects.count()
    response = editor_client(editor, language).post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("huge.png", png(6000, 6000), content_type="image/png")},
    )
    result = json.loads(response.content)
    assert result["success"] is False
    assert ERRORS["too_many_pixels"][language] in result["error_message"]
    assert get_image_model().objects.count() == before


def test_an_older_image_above_the_cap_fails_to_render_without_decoding():
    # As if uploaded before the cap: 70 megapixels, more than twice Pillow's limit.
    name = default_storage.save("original_images/large.png", ContentFile(png(10_000, 7_000)))
    image = get_image_model().objects.create(title="Too large", file=name, width=10_000, height=7_000)
    started = time.monotonic()
    with pytest.raises(PILImage.DecompressionBombError):
        image.get_rendition("fill-400x300")
    # Decoding 70 megapixels takes seconds and hundreds of megabytes; refusing takes no time.
    assert time.monotonic() - started < 2


# Every frame counts, and the messages say the real numbers ---------------------------------------


def gif(width, height, frames):
    """An animated GIF: `frames` frames of width × height, a few kilobytes in all."""
    images = [PILImage.new("P", (width, height), color=index % 2) for index in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], loop=0, optimize=False)
    return buffer.getvalue()


NUMBERS = {"fr": "100 000 000", "en": "100,000,000"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_frame_of_a_gif_counts_toward_the_cap(editor, language):
    content = gif(1000, 1000, 100)  # 100 megapixels in all
    before = get_image_model().objects.count()
    response = upload(editor_client(editor, language), content, name="animation.gif")
    assert response.status_code == 200
    assert get_image_model().objects.count() == before
    text = response.text.replace("\u00a0", " ").replace("\u202f", " ")
    assert NUMBERS[language] in text


def test_an_animated_gif_within_the_cap_is_accepted(editor):
    before = get_image_model().objects.count()
    response = upload(editor_client(editor, "en"), gif(500, 400, 10), name="animation.gif")
    assert response.status_code == 302
    assert get_image_model().objects.count() == before + 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_far_too_many_pixels_are_counted_not_unknown(editor, language):
    # 70 megapixels: more than twice the cap, which Pillow refuses to open.
    response = upload(editor_client(editor, language), png(10_000, 7_000))
    assert response.status_code == 200
    text = response.text.replace("\u00a0", " ").replace("\u202f", " ")
    assert {"fr": "70 000 000", "en": "70,000,000"}[language] in text
    assert "unknown number" not in text and "nombre inconnu" not in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_refused_extension_is_named(editor, language):
    response = upload(editor_client(editor, language), png(100, 100), name="photo.bmp")
    assert response.status_code == 200
    assert ".bmp" in response.text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_document_without_an_extension_is_told_so(editor, language):
    response = editor_client(editor, language).post(
        "/admin/documents/add/",
        {"title": "Note", "file": SimpleUploadedFile("project-note", b"%PDF-1.4\n%%EOF\n"), "collection": 1},
    )
    assert response.status_code == 200
    text = response.text.replace("\u00a0", " ")
    assert "« »" not in text and "“”" not in text
    assert {"fr": "pas d’extension", "en": "no extension"}[language] in text
