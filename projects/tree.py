"""Where a page sits in Wagtail's tree, read from its materialised path.

A page's path is its parent's path followed by one step of `Page.steplen` characters, so the
parent of a page, and the children of a path, are known without reading the tree.
"""

from django.db.models import Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page

STEPLEN = Page.steplen


def parent_path(path):
    """The path of the page above the one at `path`."""
    return path[:-STEPLEN]


def parent_path_expression(field="path"):
    """The same as parent_path, computed by the database."""
    return Substr(field, 1, Length(field) - STEPLEN)


def children_q(path):
    """The pages right below the one at `path`."""
    return Q(path__startswith=path, depth=len(path) // STEPLEN + 1)
