"""Template tags for listings (links are built with Django's {% querystring %})."""

from django import template

register = template.Library()


@register.simple_tag
def elided_page_range(page_obj, on_each_side=2, on_ends=1):
    """The page numbers to link to around the current page, with "…" for the pages left out."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    )
