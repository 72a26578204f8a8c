"""The go-live checklist on the admin's home: what staff must still give before the site is public.

Each item says whether it is done and links to the one form where it is fixed. The site works
with every item undone (the header shows the tagline, unfinished pages stay drafts): the list
is for staff, never shown to visitors.
"""

from collections import namedtuple

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.coreutils import safe_snake_case
from wagtail.models import Page

from opendata.models import OpenDataSettings

from .models import OrganisationSettings

Item = namedtuple("Item", "label done detail url")


def _settings_url(model, site, heading=None):
    """The settings form of `site`, opened on the tab titled `heading` (Wagtail names a tab's
    anchor after its heading, in the admin's language)."""
    url = reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site.pk])
    return f"{url}#tab-{safe_snake_case(str(heading))}" if heading else url


def _untranslated_pages():
    """How many page translations are missing, over the languages other than the default one."""
    from translations.selectors import totals

    return sum(
        total.total - complete
        for total in totals()
        if issubclass(total.model, Page)
        for code, complete in total.complete.items()
        if code != settings.LANGUAGE_CODE
    )


def go_live_items(user, site):
    """The checklist's items, in the order staff meet them."""
    organisation = OrganisationSettings.for_site(site)
    finder = AdminURLFinder(user)
    pages = Page.objects.only("pk", "live", "has_unpublished_changes", "title").in_bulk(
        [organisation.contact_page_id, organisation.legal_page_id, organisation.privacy_page_id]
    )
    identity = _settings_url(OrganisationSettings, site, _("Identity"))
    footer_tab = _settings_url(OrganisationSettings, site, _("Footer pages"))

    def page_item(label, page_id, missing_detail, draft_detail, facts=None):
        """A footer page's item: its facts given (`facts`: what to say and where, if they are
        not), the page chosen in the settings, and published."""
        page = pages.get(page_id)
        if facts:
            return Item(label, False, *facts)
        if page is None:
            return Item(label, False, missing_detail, footer_tab)
        return Item(
            label, page.live, "" if page.live else draft_detail, finder.get_edit_url(page) or footer_tab
        )

    iati_missing = OpenDataSettings.for_site(site).iati_missing()
    untranslated = _untranslated_pages()
    return [
        Item(
            _("Name"),
            bool(organisation.name_fr or organisation.name_en),
            _("The header shows the tagline in its place."),
            identity,
        ),
        Item(_("Logo"), organisation.logo_id is not None, _("No logo in the header yet."), identity),
        page_item(
            _("Contact"),
            organisation.contact_page_id,
            _("No contact page is chosen."),
            _("The contact page is a draft: write it and publish it."),
            facts=None
            if organisation.has_contact_details
            else (
                _("No postal address, e-mail or phone number."),
                _settings_url(OrganisationSettings, site, _("Contact")),
            ),
        ),
        page_item(
            _("Legal notice"),
            organisation.legal_page_id,
            _("No legal notice page is chosen."),
            _("The legal notice is a draft: publish it once the facts above are given."),
            facts=None
            if organisation.has_complete_legal_information
            else (
                _("The publisher, director of publication and host are required by law."),
                _settings_url(OrganisationSettings, site, _("Legal notice")),
            ),
        ),
        page_item(
            _("Privacy policy"),
            organisation.privacy_page_id,
            _("No privacy page is chosen."),
            _("The privacy policy is a draft: write it and publish it."),
        ),
        Item(
            _("IATI identity"),
            not iati_missing,
            _("Missing for the IATI file: %(fields)s.") % {"fields": ", ".join(map(str, iati_missing))},
            _settings_url(OpenDataSettings, site),
        ),
        Item(
            _("Translations"),
            not untranslated,
            ngettext(
                "%(count)d page is not fully translated.",
                "%(count)d pages are not fully translated.",
                untranslated,
            )
            % {"count": untranslated},
            reverse("translations:dashboard"),
        ),
    ]
