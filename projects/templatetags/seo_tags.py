"""The head of every page: canonical URL, social cards and structured data (JSON-LD)."""

import json

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portfolio.languages import current_language
from portfolio.pages import BasePage

register = template.Library()

OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
# Social networks do not all read WebP: their cards get a JPEG.
SOCIAL_IMAGE = "fill-1200x630|format-jpeg"
# Search engines want the logo itself, whole (fitted, never cropped), in a format they all read.
LOGO_IMAGE = "max-600x600|format-png"


def _json_ld(data):
    # Escape the characters that could close the script element, as Django's json_script does.
    text = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
        .replace("&", "\\u0026")
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _rendition(image, spec):
    # get_renditions() rather than get_rendition(), which writes the rendition back to the
    # cache on every call, even when it was just read from the image's prefetched renditions.
    return image.get_renditions(spec)[spec]


def _organization(request, home, organisation, site_name):
    """The organisation as schema.org sees it: the same @id, name and url on every page in
    both languages (the default language's name and home page), its logo and accounts."""
    with translation.override(settings.LANGUAGE_CODE):
        home_url = request.build_absolute_uri(home.get_url(request) if home else "/")
    name = (organisation.canonical_name if organisation else "") or site_name
    data = {
        "@type": "Organization",
        "@id": request.build_absolute_uri("/") + "#organization",
        "name": name,
        "url": home_url,
    }
    if organisation is None:
        return data
    if organisation.logo is not None:
        rendition = _rendition(organisation.logo, LOGO_IMAGE)
        data["logo"] = {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
    if organisation.email:
        data["email"] = organisation.email
    if organisation.phone:
        data["telephone"] = organisation.phone
    same_as = [account.url for account in organisation.social_accounts]
    if same_as:
        data["sameAs"] = same_as
    return data


DESCRIPTION_LENGTH = 300


def shorten(text, limit=DESCRIPTION_LENGTH):
    """The text cut at a word boundary to at most `limit` characters, an ellipsis marking the cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–—-") + "…"


@register.simple_tag(takes_context=True)
def page_description(context):
    """The current page's description in the reader's language, never the other language's text,
    at most 300 characters (cut between words)."""
    page = context.get("page")
    if not isinstance(page, BasePage):
        return shorten(context.get("meta_description", ""))
    # A project's page has its program at hand (its get_context read it with the breadcrumbs).
    return shorten(page.meta_description(context.get("program")))


@register.inclusion_tag("includes/seo_meta.html", takes_context=True)
def seo_meta(context):
    """Everything search engines and social networks read about the current page."""
    request = context.get("request")
    page = context.get("page")
    language = current_language()
    organisation = context.get("organisation")
    site_name = (organisation.display_name if organisation else "") or _("Project portfolio")
    meta = {"site_name": site_name, "locale": OG_LOCALES.get(language, language)}
    meta["alternate_locales"] = [value for code, value in OG_LOCALES.items() if code != language]
    if request is None:
        return meta
    home = context.get("navigation", {}).get("home") if context.get("navigation") else None
    graph = [_organization(request, home, organisation, site_name)]
    crumbs = list(context.get("breadcrumbs") or []) + [page]
    if isinstance(page, BasePage) and len(crumbs) > 1:
        graph.append(
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "name": crumb.title,
                        "item": request.build_absolute_uri(crumb.get_url(request)),
                    }
                    for position, crumb in enumerate(crumbs, start=1)
                ],
            }
        )
    meta["json_ld"] = _json_ld({"@context": "https://schema.org", "@graph": graph})
    if isinstance(page, BasePage):
        # A listing's later pages are canonical to themselves (`canonical_query`, set by the view).
        path = page.get_url(request) + context.get("canonical_query", "")
        title, og_type, image = page.seo_title or page.title, page.og_type, page.social_image()
    elif context.get("meta_title"):
        # A view that is not a Wagtail page but is meant to be found (the open data page): its
        # own address, title and description, and the site's default image.
        path, title, og_type, image = request.path, str(context["meta_title"]), "website", None
    else:
        return meta
    meta.update(
        canonical=request.build_absolute_uri(path),
        title=title,
        description=page_description(context),
        type=og_type,
    )
    # Pages without an image of their own (home, listings, partners) share the default one.
    image = image or (organisation.default_social_image if organisation else None)
    if image is not None:
        rendition = _rendition(image, SOCIAL_IMAGE)
        meta.update(
            image=request.build_absolute_uri(rendition.url),
            image_width=rendition.width,
            image_height=rendition.height,
            # Every og:image has its alt: the image's description, else its title.
            image_alt=image.description or image.title,
        )
    return meta
