"""The go-live checklist on the admin's home: what staff must still give before the site is public.

Each item says whether it is done and links to the one form where it is fixed. The site works
with every item undone (the header shows the tagline, unfinished pages stay drafts): the list
is for staff, never shown to visitors.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.coreutils import safe_snake_case
from wagtail.models import Page

from opendata.models import OpenDataSettings

from .models import OrganisationSettings


@dataclass(frozen=True)
class Item:
    label: str
    done: bool
    detail: str
    url: str


def _settings_url(model, site, heading=None):
    """The settings form of `site`, opened on the tab titled `heading` (Wagtail names a tab's
    anchor after its heading, in the admin's language)."""
    url = reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site.pk])
    return f"{url}#tab-{safe_snake_case(str(heading))}" if heading else url


def _untranslated_pages():
    """How many pages lack a language the site offers, per language: {code: count}."""
    from translations.selectors import totals

    missing = {}
    for total in totals():
        if not issubclass(total.model, Page):
            continue
        for code, complete in total.complete.items():
            missing[code] = missing.get(code, 0) + total.total - complete
    return missing


def go_live_items(user, site):
    """The checklist's items, in the order staff meet them."""
    organisation = OrganisationSettings.for_site(site)
    opendata = OpenDataSettings.for_site(site)
    finder = AdminURLFinder(user)
    pages = {
        page.pk: page
        for page in Page.objects.filter(
            pk__in=[organisation.contact_page_id, organisation.legal_page_id, organisation.privacy_page_id]
        ).only("pk", "live", "has_unpublished_changes", "title")
    }
    identity = _settings_url(OrganisationSettings, site, _("Identity"))
    contact_tab = _settings_url(OrganisationSettings, site, _("Contact"))
    legal_tab = _settings_url(OrganisationSettings, site, _("Legal notice"))
    footer_tab = _settings_url(OrganisationSettings, site, _("Footer pages"))

    def page_step(page_id, missing_detail, draft_detail):
        """(done, detail, url) for a footer page: chosen in the settings and published."""
        page = pages.get(page_id)
        if page is None:
            return False, missing_detail, footer_tab
        if not page.live:
            return False, draft_detail, finder.get_edit_url(page) or footer_tab
        return True, "", finder.get_edit_url(page) or footer_tab

    items = [
        Item(
            _("Name"),
            bool(organisation.name_fr or organisation.name_en),
            _("The header shows the tagline in its place."),
            identity,
        ),
        Item(_("Logo"), organisation.logo_id is not None, _("No logo in the header yet."), identity),
    ]

    done, detail, url = page_step(
        organisation.contact_page_id,
        _("No contact page is chosen."),
        _("The contact page is a draft: write it and publish it."),
    )
    if not organisation.has_contact_details:
        done, detail, url = False, _("No postal address, e-mail or phone number."), contact_tab
    items.append(Item(_("Contact"), done, detail, url))

    done, detail, url = page_step(
        organisation.legal_page_id,
        _("No legal notice page is chosen."),
        _("The legal notice is a draft: publish it once the facts above are given."),
    )
    if not organisation.has_complete_legal_information:
        done, detail, url = (
            False,
            _("The publisher, director of publication and host are required by law."),
            legal_tab,
        )
    items.append(Item(_("Legal notice"), done, detail, url))

    done, detail, url = page_step(
        organisation.privacy_page_id,
        _("No privacy page is chosen."),
        _("The privacy policy is a draft: write it and publish it."),
    )
    items.append(Item(_("Privacy policy"), done, detail, url))

    missing = opendata.iati_missing()
    items.append(
        Item(
            _("IATI identity"),
            not missing,
            _("Missing for the IATI file: %(fields)s.")
            % {"fields": ", ".join(str(label) for label in missing)}
            if missing
            else "",
            _settings_url(OpenDataSettings, site),
        )
    )

    untranslated = {
        code: count
        for code, count in _untranslated_pages().items()
        if code != settings.LANGUAGE_CODE and count
    }
    count = sum(untranslated.values())
    items.append(
        Item(
            _("Translations"),
            not count,
            ngettext(
                "%(count)d page is not fully translated.", "%(count)d pages are not fully translated.", count
            )
            % {"count": count},
            reverse("translations:dashboard"),
        )
    )
    return items
