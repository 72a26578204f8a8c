"""The organisation's settings drive the header, footer, social meta and JSON-LD of every page;
its content pages (About, Contact, Legal notice, Privacy) answer in both languages and are
linked from every page's footer."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site

from organisation.models import ContentPage, OrganisationSettings
from tests.factories import ContentPageFactory
from tests.html import outer_html, select, select_one

pytestmark = pytest.mark.django_db

CONTENT_PAGES = {
    "about_page": ("/fr/a-propos/", "/en/about/"),
    "contact_page": ("/fr/contact/", "/en/contact/"),
    "legal_page": ("/fr/mentions-legales/", "/en/legal-notice/"),
    "privacy_page": ("/fr/confidentialite/", "/en/privacy/"),
}
SAMPLE_PAGES = [
    "/fr/",
    "/en/",
    "/en/projects/",
    "/fr/archives/",
    "/en/partners/",
    "/fr/migrations-et-integration/",
    "/en/migration-and-integration/migraction/",
    "/en/search/?q=Vietnam",
    "/fr/mentions-legales/",
    "/en/no-such-page/",
]


@pytest.fixture
def organisation():
    return OrganisationSettings.objects.get(site=Site.objects.get(is_default_site=True))


@pytest.fixture
def published(organisation):
    """The demo's Contact, Legal notice and Privacy drafts, published as staff will once written."""
    for role in CONTENT_PAGES:
        page = getattr(organisation, role).specific
        if not page.live:
            page.save_revision().publish()
    return OrganisationSettings.objects.get(pk=organisation.pk)


def section(html, tag):
    return html[html.index(f'<{tag} class="site-{tag}"') : html.index(f"</{tag}>") + len(tag) + 3]


def json_ld(html):
    text = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    return next(item for item in json.loads(text)["@graph"] if item["@type"] == "Organization")


def test_the_demo_puts_the_seed_tagline_on_the_organisation_and_leaves_its_name_empty(client, organisation):
    assert organisation.tagline_en == "Choosing a fairer world"
    assert organisation.tagline_fr == "Choisir un monde plus juste"
    assert organisation.name_fr == organisation.name_en == ""
    # Nothing the seed does not give.
    assert not (organisation.email or organisation.phone or organisation.address or organisation.publisher)
    from projects.models import ProjectPage

    assert ProjectPage.objects.get(acronym="Migr'Action").subtitle_en == ""
    header = section(client.get("/en/").text, "header")
    # The tagline is the wordmark, once.
    assert (
        '<span class="site-header__name site-header__name--tagline">Choosing a fairer world</span>' in header
    )
    assert header.count("Choosing a fairer world") == 1 and "Choisir" not in header
    footer = section(client.get("/fr/").text, "footer")
    assert '<p class="site-footer__name">Choisir un monde plus juste</p>' in footer


def test_changing_a_setting_changes_header_footer_title_social_meta_and_json_ld(client, organisation):
    organisation.name_fr = "Association Exemple"
    organisation.name_en = "Example Association"
    organisation.short_name_fr = "AE"
    organisation.tagline_en = "A fairer world, tested"
    organisation.email = "contact@example.org"
    organisation.phone = "+33 1 00 00 00 00"
    organisation.address_fr = "1 rue de l’Exemple\n75000 Paris"
    organisation.social_links = [
        ("link", {"network": "mastodon", "url": "https://mastodon.example/@ae", "label": ""})
    ]
    organisation.donation_url = "https://example.org/don"
    organisation.save()

    english = client.get("/en/").text
    header, footer = section(english, "header"), section(english, "footer")
    assert "Example Association" in header and "A fairer world, tested" in header
    assert 'href="https://example.org/don"' in header
    assert "Example Association" in footer
    assert 'href="mailto:contact@example.org"' in footer
    assert 'href="tel:+33100000000"' in footer
    # The address has no English version: shown in French, marked as such for screen readers.
    assert '<span class="site-footer__postal" lang="fr">1 rue de l’Exemple<br>75000 Paris</span>' in footer
    assert '<a href="https://mastodon.example/@ae" rel="me">Mastodon</a>' in footer
    assert "<title>" in english and "· AE</title>" in english
    assert '<meta property="og:site_name" content="Example Association">' in english

    organisation_en = json_ld(english)
    organisation_fr = json_ld(client.get("/fr/").text)
    # One organisation in both languages: same @id, name and url.
    assert organisation_en == organisation_fr
    assert organisation_en["@id"] == "http://testserver/#organization"
    assert organisation_en["name"] == "Association Exemple"
    assert organisation_en["url"] == "http://testserver/fr/"
    assert organisation_en["sameAs"] == ["https://mastodon.example/@ae"]
    assert organisation_en["email"] == "contact@example.org"


def test_a_logo_is_shown_fitted_in_the_header_and_given_to_json_ld(client, organisation):
    from projects.models import ProjectPage

    logo = ProjectPage.objects.get(acronym="SAARA").hero_image
    organisation.logo = logo
    organisation.save()
    html = client.get("/fr/").text
    header = section(html, "header")
    assert select(header, "img.site-header__logo")
    assert ".max-240x80." in header and "fill-" not in header
    logo_data = json_ld(html)["logo"]
    assert ".max-600x600." in logo_data["url"]


def test_empty_optional_settings_leave_no_empty_markup(client, organisation):
    organisation.tagline_fr = organisation.tagline_en = ""
    organisation.save()
    html = client.get("/fr/").text
    header, footer = section(html, "header"), section(html, "footer")
    assert "site-header__tagline" not in header
    assert "site-header__logo" not in header
    assert "<address" not in footer
    assert "site-footer__social" not in footer
    assert "mailto:" not in html and "tel:" not in html
    data = json_ld(html)
    assert not {"logo", "sameAs", "email", "telephone"} & set(data)


def test_without_settings_the_site_shows_its_generic_name_and_writes_nothing(client, organisation):
    organisation.delete()
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<span class="site-header__name">Project portfolio</span>' in response.text
    assert not OrganisationSettings.objects.exists()


@pytest.mark.parametrize("role", CONTENT_PAGES)
def test_content_pages_answer_in_both_languages(client, published, role):
    organisation = published
    page = getattr(organisation, role)
    assert isinstance(page.specific, ContentPage)
    french, english = CONTENT_PAGES[role]
    for url, language in ((french, "fr"), (english, "en")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.text
        assert f"<h1>{getattr(page, f'title_{language}')}</h1>" in response.text


def test_pages_whose_facts_only_staff_can_give_stay_drafts_out_of_the_footer(client, organisation):
    for role in ("contact_page", "legal_page", "privacy_page"):
        assert not getattr(organisation, role).live, role
        for url in CONTENT_PAGES[role]:
            assert client.get(url).status_code == 404, url
    footer = section(client.get("/en/").text, "footer")
    assert 'href="/en/about/"' in footer
    assert 'href="/en/contact/"' not in footer and 'href="/en/privacy/"' not in footer


@pytest.mark.parametrize("url", SAMPLE_PAGES)
def test_every_page_footer_links_the_four_pages_and_the_programs(client, published, url):
    language = url[1:3]
    footer = section(client.get(url).text, "footer")
    for urls in CONTENT_PAGES.values():
        assert f'href="{urls[0 if language == "fr" else 1]}"' in footer, (url, urls)
    programs = "/fr/migrations-et-integration/" if language == "fr" else "/en/migration-and-integration/"
    assert f'href="{programs}"' in footer


def test_a_footer_page_unpublished_or_private_leaves_the_footer(client, published):
    organisation = published
    organisation.privacy_page.unpublish()
    PageViewRestriction.objects.create(
        page=organisation.about_page, restriction_type=PageViewRestriction.LOGIN
    )
    footer = section(client.get("/en/").text, "footer")
    assert 'href="/en/privacy/"' not in footer
    assert 'href="/en/about/"' not in footer
    assert 'href="/en/legal-notice/"' in footer


def test_the_legal_notice_shows_the_legal_settings_and_the_contact_page_the_contact_details(
    client, published
):
    organisation = published
    organisation.publisher_fr = "Association Exemple, association loi 1901"
    organisation.publication_director_fr = "Prénom Nom, président"
    organisation.host_en = "Example Host Ltd"
    organisation.email = "contact@example.org"
    organisation.save()
    legal = client.get("/en/legal-notice/").text
    assert '<dd lang="fr">Association Exemple, association loi 1901</dd>' in legal
    assert "<dd>Example Host Ltd</dd>" in legal
    contact = client.get("/fr/contact/").text
    assert 'class="legal-facts"' in contact and "mailto:contact@example.org" in contact
    # Not on other pages.
    assert "Prénom Nom" not in client.get("/en/about/").text


def test_default_social_image_on_pages_without_an_image_of_their_own(client, organisation):
    default = organisation.default_social_image
    assert default is not None
    expected = "http://testserver" + default.get_rendition("fill-1200x630|format-jpeg").url
    for url in ("/fr/", "/en/projects/", "/fr/archives/", "/en/partners/", "/en/about/"):
        html = client.get(url).text
        assert f'<meta property="og:image" content="{expected}">' in html, url
    # A project keeps its own.
    project = client.get("/en/migration-and-integration/migraction/").text
    assert '<meta property="og:image" content="' in project
    assert expected not in project


def test_saving_the_settings_shows_on_the_next_page(client, organisation):
    assert "Choosing a fairer world" in client.get("/en/").text
    organisation.tagline_en = "A tagline changed by staff"
    organisation.save()
    assert "A tagline changed by staff" in client.get("/en/").text


def test_staff_edit_every_text_setting_in_both_languages(client, organisation):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "secret-password-1")
    client.force_login(user)
    response = client.get(f"/admin/settings/organisation/organisationsettings/{organisation.site_id}/")
    assert response.status_code == 200
    for field in ("name", "short_name", "tagline", "address", "publisher", "publication_director", "host"):
        assert f'name="{field}_fr"' in response.text, field
        assert f'name="{field}_en"' in response.text, field


def test_staff_can_add_a_content_page_under_home(client):
    from projects.models import HomePage

    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "secret-password-1")
    client.force_login(user)
    home = HomePage.objects.get()
    response = client.get(f"/admin/pages/add/organisation/contentpage/{home.pk}/")
    assert response.status_code == 200
    assert 'name="introduction_en"' in response.text


def test_content_pages_are_found_by_search(client, published):
    response = client.get("/en/search/?q=privacy")
    assert response.status_code == 200
    assert 'href="/en/privacy/"' in response.text


def test_content_pages_stay_out_of_the_home_page_explore_list(client):
    page = ContentPageFactory(title_fr="Nos valeurs", title_en="Our values")
    with translation.override("fr"):
        url = page.get_url()
    assert client.get(url).status_code == 200
    main = select_one(client.get("/fr/"), "main")
    links = {link.get("href") for link in main.cssselect("a[href]")}
    assert url not in links
    assert "/fr/mentions-legales/" not in links


def test_demo_pictures_are_drawn_wide_and_offered_at_the_side_columns_sizes(client):
    banners = get_image_model().objects.filter(title__startswith="Projet")
    assert banners.exists()
    for banner in banners:
        assert banner.width * 500 == banner.height * 1200
    html = client.get("/en/migration-and-integration/migraction/").text
    # A 16:9 picture in the project page's side column (22rem), not a full-width banner.
    picture = select_one(html, "img.project__image")
    assert re.search(r"fill-800x450[^ ]* 800w", picture.get("srcset"))
    assert not select(html, "img.hero-image")


def test_partner_logos_are_fitted_never_cropped(client):
    from partners.models import Partner
    from tests.factories import ImageFactory

    partner = Partner.objects.filter(live=True).order_by("pk").first()
    partner.logo = ImageFactory(file__width=600, file__height=150)
    partner.save()
    html = client.get("/en/partners/").text
    logos = [outer_html(logo) for logo in select(html, "img.partner-directory__logo")]
    assert logos
    assert all(".max-160x80." in logo and "fill-" not in logo for logo in logos)
