"""A partner's mark: its logo when uploaded, else a monogram of its initials; the name once."""

import pytest

from partners.models import Partner
from partners.templatetags.partner_tags import colour_index, initials
from projects.models import ProjectPage
from tests.html import select

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "acronym", "expected"),
    [
        ("GRDR", "GRDR", "GRDR"),
        ("CODASE", "CODASE", "CO"),
        ("Mission Locale", "", "ML"),
        ("Centre socio-sportif Le Plateau", "", "CS"),
        ("Conseil régional d’Île-de-France", "", "CR"),
        ("Ile-de-France Regional Council", "", "IF"),
        ("The Association of Friends", "", "AF"),
    ],
)
def test_initials(name, acronym, expected):
    assert initials(name, acronym) == expected


def test_a_name_always_gets_the_same_colour():
    assert colour_index("Mission Locale") == colour_index("Mission Locale") in range(4)


@pytest.mark.parametrize("url", ["/fr/partenaires/", "/en/partners/"])
def test_demo_partners_without_a_logo_get_a_monogram_and_their_name_once(client, url):
    response = client.get(url)
    assert not Partner.objects.exclude(logo=None).exists()  # the demo draws no placeholder logo
    items = select(response, ".partner-directory__item")
    assert len(items) == Partner.objects.filter(live=True).count()
    for item in items:
        (mark,) = item.cssselect(".monogram")
        assert mark.get("aria-hidden") == "true"
        assert 1 <= len(mark.text_content()) <= 4
        name = item.cssselect(".partner-directory__name")[0].text_content().split()[0]
        # The name is written once: the mark holds initials only, no image with the name in it.
        assert not item.cssselect("img")
        assert item.text_content().count(name) >= 1


def test_an_uploaded_logo_replaces_the_monogram(client):
    partner = Partner.objects.get(acronym="GRDR")
    partner.logo = ProjectPage.objects.get(acronym="SAARA").hero_image
    partner.save()
    partner.save_revision().publish()
    response = client.get("/en/partners/")
    (entry,) = [
        item for item in select(response, ".partner-directory__item") if "GRDR" in item.text_content()
    ]
    (logo,) = entry.cssselect("img.partner-directory__logo")
    assert logo.get("alt") == "" and ".max-160x80." in logo.get("src")
    assert not entry.cssselect(".monogram")
