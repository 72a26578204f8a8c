"""Units written as readers of each language expect them."""

from django import template
from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext as _

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
        return _("%(size)s bytes") % {"size": number_format(int(size))}
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    value = number_format(size, 1)
    if unit == "KB":
        return _("%(size)s KB") % {"size": value}
    if unit == "MB":
        return _("%(size)s MB") % {"size": value}
    return _("%(size)s GB") % {"size": value}
