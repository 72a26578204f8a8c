"""Units written as readers of each language expect them."""

from django import template
from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

# Each unit is a string of its own, for French to say Ko, Mo and Go.
UNITS = (gettext_lazy("%(size)s KB"), gettext_lazy("%(size)s MB"), gettext_lazy("%(size)s GB"))


@register.filter
def file_size(size):
    """A file's size in the reader's units, the number and its unit on one line: "54,9 Ko" in
    French, "54.9 KB" in English (Django's filesizeformat says "Kio", which French readers do not use)."""
    try:
        size = float(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return avoid_wrapping(_("%(size)s bytes") % {"size": number_format(int(size))})
    for unit in UNITS:
        size /= 1024
        if size < 1024 or unit is UNITS[-1]:
            return avoid_wrapping(unit % {"size": number_format(size, 1)})
