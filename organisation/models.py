"""Who the organisation is: identity, contact and legal settings, and its generic content pages."""

from collections import namedtuple

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from portfolio.pages import BasePage
from projects.blocks import BodyBlock
from projects.models import localized_search_fields
from translations.completeness import current_language, shown_language

SocialAccount = namedtuple("SocialAccount", "label url")
FOOTER_PAGES = ("about_page", "contact_page", "legal_page", "privacy_page")


def _optional(model, verbose_name, **options):
    """A link to an image or a page that staff may leave empty; deleting the target empties it."""
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class SocialLinkBlock(blocks.StructBlock):
    """One of the organisation's accounts on a social network."""

    network = blocks.ChoiceBlock(
        label=_("Network"),
        choices=[
            ("facebook", "Facebook"),
            ("linkedin", "LinkedIn"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("mastodon", "Mastodon"),
            ("bluesky", "Bluesky"),
            ("x", "X"),
            ("other", _("Other")),
        ],
    )
    url = blocks.URLBlock(label=_("Address of the account"))
    label = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=60,
        help_text=_("Leave empty to show the network's name."),
    )

    class Meta:
        icon = "link"
        label = _("Social link")


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation's identity, contact details and legal information, edited by staff.

    The header, footer, social cards, structured data (JSON-LD) and the legal notice read
    them: changing a value here changes every page, with no code change. An empty optional
    field shows nothing.
    """

    name = models.CharField(
        _("name"),
        max_length=255,
        blank=True,
        help_text=_(
            "The organisation's full name, as in its statutes. While it is empty, the header shows "
            "the tagline in its place."
        ),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("An acronym or short form, used in browser tabs and where space is short."),
    )
    tagline = models.CharField(
        _("tagline"), max_length=255, blank=True, help_text=_("Shown under the name in the header.")
    )
    logo = _optional(
        "wagtailimages.Image",
        _("logo"),
        help_text=_("Shown in the header, fitted (never cropped) into 240 × 80 pixels."),
    )
    default_social_image = _optional(
        "wagtailimages.Image",
        _("default social image"),
        help_text=_(
            "Shown by social networks when a page without an image of its own is shared "
            "(home, listings, archive, partners). Cropped to 1200 × 630 pixels around its focal point."
        ),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("e.g. +33 1 23 45 67 89"))
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("One line per line of the address.")
    )
    social_links = StreamField([("link", SocialLinkBlock())], verbose_name=_("social links"), blank=True)
    donation_url = models.URLField(
        _("donation link"),
        blank=True,
        help_text=_("The page where visitors can give; leave empty to show no link."),
    )
    publisher = models.TextField(
        _("publisher"),
        blank=True,
        help_text=_(
            "For the legal notice: the organisation's legal name and form, registered office, "
            "registration number (RNA or SIREN)."
        ),
    )
    publication_director = models.CharField(
        _("director of publication"),
        max_length=255,
        blank=True,
        help_text=_(
            "For the legal notice: the person legally responsible for the site's content, and their role."
        ),
    )
    host = models.TextField(
        _("host"),
        blank=True,
        help_text=_("For the legal notice: the hosting company's name, address and phone number."),
    )
    about_page = _optional("wagtailcore.Page", _("about page"))
    contact_page = _optional("wagtailcore.Page", _("contact page"))
    legal_page = _optional(
        "wagtailcore.Page",
        _("legal notice page"),
        help_text=_("The publisher, director of publication and host above are shown on this page."),
    )
    privacy_page = _optional("wagtailcore.Page", _("privacy page"))

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel(name)
                    for name in ("name", "short_name", "tagline", "logo", "default_social_image")
                ],
                heading=_("Identity"),
            ),
            ObjectList(
                [FieldPanel(name) for name in ("email", "phone", "address", "social_links", "donation_url")],
                heading=_("Contact"),
            ),
            ObjectList(
                [FieldPanel(name) for name in ("publisher", "publication_director", "host")],
                heading=_("Legal notice"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel(name) for name in FOOTER_PAGES],
                        heading=_("Pages linked from every page's footer"),
                    )
                ],
                heading=_("Footer pages"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self):
        return self.name

    @property
    def wordmark(self):
        """What the header and footer show as the site's name: the organisation's name, else its
        tagline (« Choisir un monde plus juste »), so an unnamed site never shows a placeholder."""
        return self.name or self.tagline

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def social_accounts(self):
        """The social links as (label, url) pairs: the editor's text, else the network's name."""
        accounts = []
        for block in self.social_links:
            value = block.value
            label = value["label"] or dict(SocialLinkBlock.base_blocks["network"].field.choices).get(
                value["network"], ""
            )
            accounts.append(SocialAccount(label=str(label) or value["url"], url=value["url"]))
        return accounts

    @property
    def has_legal_information(self):
        return bool(self.publisher or self.publication_director or self.host)

    @property
    def has_complete_legal_information(self):
        """Publisher, director of publication and host: what French law asks of every site."""
        return bool(self.publisher and self.publication_director and self.host)

    @property
    def has_contact_details(self):
        return bool(self.email or self.phone or self.address)


class ContentPage(BasePage):
    """A page of text about the organisation: About, Contact, Legal notice, Privacy, or any other."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences under the page title.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    # Both languages are indexed, so a search in either finds the page.
    search_fields = Page.search_fields + [
        *localized_search_fields("title", boost=2),
        *localized_search_fields("introduction"),
        *localized_search_fields("body"),
    ]

    parent_page_types = ["projects.HomePage", "organisation.ContentPage"]
    subpage_types = ["organisation.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    def built_description(self, program=None):
        """The body's first paragraph, when the body is written in the reader's language: a page
        with no introduction (About, in the demo) still tells search engines what it says."""
        if not self.body or shown_language(self, "body") != current_language():
            return ""
        for block in self.body:
            if block.block_type == "paragraph":
                return strip_tags(block.value.source).strip()
        return ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.breadcrumbs()
        return context
