"""`{% remember "name" [value…] %}…{% endremember %}`: a fragment rendered once per language,
host, change and values.

For parts of a page that show only the site's content, the same on every page in a language
(the footer, the header, the home page's map): the row cache (pagecache.store.remember) keeps
their HTML until the next change pages show, so a page the page cache does not hold skips
rendering them. Nothing personal may go inside (no user, no CSRF token), and what depends on
the page must be among the values (`{% remember "header-menu" page.menu_key %}`).
"""

from django import template
from django.utils import translation

from pagecache import store

register = template.Library()


class RememberNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        parts = (
            self.name.resolve(context),
            *(value.resolve(context) for value in self.values),
            translation.get_language(),
            request.get_host() if request else "",
        )
        return store.remember("fragment", parts, lambda: self.nodelist.render(context))


@register.tag
def remember(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            '{% remember "name" [value…] %} takes a name and the values the fragment varies with, '
            "and ends with {% endremember %}"
        )
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    return RememberNode(parser.compile_filter(bits[1]), values, nodelist)
