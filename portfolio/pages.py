"""What every page type of the site has in common, so templates and tags never sniff a page's type.

Each page type answers for itself: its description (never in another language than the
reader's, docs/languages.md), its social image, its search extract's fields, its breadcrumbs.
Abstract: no table, no migration.
"""

from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from translations.completeness import current_language, shown_language
from translations.mixins import TranslatedPageMixin
from translations.panels import TranslationStatusPanel


class BasePage(TranslatedPageMixin, Page):
    """The site's page types inherit this instead of Wagtail's Page: with it, the admin title and
    preview modes in each language (translations.mixins) and the translation status panel."""

    content_panels = Page.content_panels + [TranslationStatusPanel()]

    # The fields whose text describes the page, the first written in the reader's language wins.
    description_fields = ("search_description", "introduction")
    # The fields a search result's extract is taken from, first to last.
    search_extract_fields = ("introduction", "body")
    # What the page is to social networks (og:type).
    og_type = "website"

    class Meta:
        abstract = True

    def breadcrumbs(self):
        """The pages above this one, from the home page down, without the tree's invisible root."""
        return list(self.get_ancestors().filter(depth__gt=1).live())

    def get_view_restrictions(self):
        """Wagtail's rule in one query instead of two: the restrictions on this page and its
        ancestors (found by their paths, prefixes of this one's), an alias standing for its source."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        pages = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=pages.filter(alias_of__isnull=True)) | Q(page__in=pages.values("alias_of"))
        )

    def written_description(self):
        """The first description field written in the reader's language, or ""."""
        language = current_language()
        for field in self.description_fields:
            value = getattr(self, field)
            if value and shown_language(self, field) == language:
                return strip_tags(value)
        return ""

    def description_awaits_translation(self):
        """Whether the description is written only in another language than the reader's."""
        written_elsewhere = any(getattr(self, field) for field in self.description_fields)
        return written_elsewhere and not self.written_description()

    def built_description(self, program=None):
        """A description made of facts known in the reader's language; pages without facts have none."""
        return ""

    def meta_description(self, program=None):
        """The page's description in the reader's language: written if it is, else built (`program`
        is a project's program page when the caller has it at hand)."""
        return self.written_description() or self.built_description(program)

    def social_image(self):
        """The image social networks show for the page, or None for the site's default one."""
        return None


class ListingPage(BasePage):
    """What the one-of-a-kind listing pages under the home page share: an introduction, no children."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list."))

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["projects.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        abstract = True
