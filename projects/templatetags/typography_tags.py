"""Units written as readers of each language expect them."""

from django import template
from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def file_size(size):
    """A file's size in the reader's units, the number and its unit on one line."""
    return avoid_wrapping(_file_size(size))


def _file_size(size):
    """A file's size in the reader's units: "54,9 Ko" in French, "54.9 KB" in English.

    Django's filesizeformat says "Kio" in French, which French readers do not use.
    """
    try:
        size = float(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return pgettext("file size", "%s bytes") % number_format(int(size))
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    value = number_format(size, 1)
    if unit == "KB":
        return pgettext("file size", "%s KB") % value
    if unit == "MB":
        return pgettext("file size", "%s MB") % value
    return pgettext("file size", "%s GB") % value
