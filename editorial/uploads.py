"""Upload forms for images and documents: every frame counts toward the pixel cap, and the
error messages name the real pixel count and the real extension (settings:
WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE).

Wagtail multiplies an image's size by its frame count, but Willow reports one frame for every
GIF, so a GIF of 100 frames of 1 megapixel passed a 30-megapixel cap; and above twice the cap
Pillow refuses to open the file at all, so the message said "unknown number" of pixels. Here
the size and frames are read from the file's header by Pillow's own format reader (nothing is
decoded), whatever their number.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


def image_header(file):
    """(width, height, frames) read from an image file's header, without Pillow's bomb check."""
    file.seek(0)
    prefix = file.read(16)
    PILImage.init()
    try:
        for factory, accept in PILImage.OPEN.values():
            file.seek(0)
            if accept is not None and not accept(prefix):
                continue
            try:
                image = factory(file, "")
            except (SyntaxError, IndexError, TypeError, ValueError, OSError, EOFError):
                continue
            return *image.size, getattr(image, "n_frames", 1) or 1
        return None
    finally:
        file.seek(0)


def _extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


class ImageFileField(WagtailImageField):
    def check_image_file_format(self, f):
        extension = _extension(f.name)
        if extension not in self.allowed_image_extensions:
            if extension:
                message = _(
                    "“.%(extension)s” files are not accepted as images. Accepted formats: %(formats)s."
                )
            else:
                message = _("This file name has no extension. Accepted image formats: %(formats)s.")
            raise ValidationError(
                message % {"extension": extension, "formats": self.supported_formats_text},
                code="invalid_image_extension",
            )
        super().check_image_file_format(f)

    def check_image_pixel_size(self, f):
        header = None if self.max_image_pixels is None else image_header(f)
        if header is not None and header[0] * header[1] * header[2] > self.max_image_pixels:
            width, height, frames = header
            numbers = {
                name: number_format(value, force_grouping=True)
                for name, value in {
                    "pixels": width * height * frames,
                    "frames": frames,
                    "width": width,
                    "height": height,
                    "maximum": self.max_image_pixels,
                }.items()
            }
            if frames > 1:
                message = _(
                    "This file has too many pixels (%(pixels)s: %(frames)s frames of %(width)s × "
                    "%(height)s). Maximum pixels %(maximum)s."
                )
            else:
                # Wagtail's own message, with the real count instead of "unknown number".
                message = self.error_messages["file_too_many_pixels"]
                numbers["num_pixels"] = f"{numbers['pixels']} = {numbers['width']} × {numbers['height']}"
                numbers["max_pixels_count"] = numbers["maximum"]
            raise ValidationError(message % numbers, code="file_too_many_pixels")
        return super().check_image_pixel_size(f)


class ImageForm(BaseImageForm):
    # Wagtail's own file widget: its data attributes fill the title in from the file's name.
    file = ImageFileField(label=gettext_lazy("File"), widget=BaseImageForm.Meta.widgets["file"])


class DocumentForm(BaseDocumentForm):
    def _post_clean(self):
        super()._post_clean()
        # The upload as sent: the model's check has already taken it out of cleaned_data.
        upload = self.files.get(self.add_prefix("file"))
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        if upload is not None and allowed and not _extension(upload.name):
            # Instead of the model's check, which would say: file extension “” is not allowed.
            self._errors["file"] = self.error_class(
                [
                    _("This file name has no extension. Accepted extensions: %(extensions)s.")
                    % {"extensions": ", ".join(allowed)}
                ]
            )
