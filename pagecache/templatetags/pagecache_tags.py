"""`{% remember "name" %}…{% endremember %}`: a fragment rendered once per language, host and change.

For parts of a page that show only the site's content, the same on every page in a language
(the footer, the home page's map): the row cache (pagecache.store.remember) keeps their HTML
until the next change pages show, so a page the page cache does not hold skips rendering them.
Nothing personal or page-specific may go inside (no current page, no user, no CSRF token).
"""

from django import template
from django.utils import translation

from pagecache import store

register = template.Library()


class RememberNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        parts = (
            self.name.resolve(context),
            translation.get_language(),
            request.get_host() if request else "",
        )
        return store.remember("fragment", parts, lambda: self.nodelist.render(context))


@register.tag
def remember(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            '{% remember "name" %} takes a name, and ends with {% endremember %}'
        )
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(parser.compile_filter(bits[1]), nodelist)
