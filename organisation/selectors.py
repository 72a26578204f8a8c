"""Reads of the organisation's identity for every page, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from wagtail.models import Page, Site

from editorial.visibility import public_pages
from projects.selectors import navigation

from .models import FOOTER_PAGES, OrganisationSettings


@dataclass
class Identity:
    """The organisation's settings and the pages its footer links to (those visitors may see)."""

    settings: OrganisationSettings
    footer_pages: list

    def __getattr__(self, name):
        # Templates read the settings' fields straight from the identity.
        if name.startswith("_") or name == "settings":
            raise AttributeError(name)
        return getattr(self.settings, name)

    @property
    def display_name(self):
        """The organisation's name in the current language (the other one when it is empty)."""
        return self.settings.name

    @property
    def canonical_name(self):
        """One name for both languages, for structured data: the default language's, else any."""
        return self.settings.name_fr or self.settings.name_en or ""

    @property
    def contact_page(self):
        """The Contact page when visitors may see it (published), else None: never a dead link."""
        page_id = self.settings.contact_page_id
        return next((page for page in self.footer_pages if page_id and page.pk == page_id), None)

    @property
    def title_suffix(self):
        """What browser tabs show after a page's title."""
        return self.settings.short_name or self.settings.name


def identity(request):
    """The organisation's settings for the request's site, their two images' renditions and
    the footer pages: two queries (one when nothing is set), and one more for footer pages
    that are not the home page's children (the header reads those); every page's header and
    footer read them."""
    site = Site.find_for_request(request)
    found = OrganisationSettings.objects.select_related("logo", "default_social_image").filter(site=site)
    # Not created on a GET: pages show their generic labels until staff fill the settings in.
    settings = (site and found.first()) or OrganisationSettings(site=site)
    images = [image for image in (settings.logo, settings.default_social_image) if image is not None]
    if images:
        prefetch_related_objects(images, "renditions")
    ids = [getattr(settings, f"{name}_id") for name in FOOTER_PAGES]
    wanted = [page_id for page_id in ids if page_id]
    # Footer pages are usually the home page's children, which the header reads anyway.
    pages = {page.pk: page for page in navigation(request)["children"] if page.pk in wanted}
    elsewhere = [page_id for page_id in wanted if page_id not in pages]
    if elsewhere:
        pages.update((page.pk, page) for page in public_pages(Page.objects.filter(pk__in=elsewhere)))
    return Identity(settings=settings, footer_pages=[pages[page_id] for page_id in ids if page_id in pages])
