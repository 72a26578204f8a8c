"""The partners directory lists every organisation with its projects, in both languages."""

import pytest
from django.utils.html import escape

from partners.models import Partner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "council"),
    [
        ("/fr/partenaires/", "Conseil régional d’Île-de-France"),
        ("/en/partners/", "Ile-de-France Regional Council"),
    ],
)
def test_directory_lists_partners_and_their_projects(client, url, council):
    response = client.get(url)
    assert response.status_code == 200
    for partner in Partner.objects.all():
        assert partner.acronym in response.text
    assert escape(council) in response.text
    # MOBIL'Hanoï is the council's project; ACIF is the project of the three Grenoble partners.
    # Shown with a typographic apostrophe (portfolio/typography.py).
    assert "MOBIL’Hanoï" in response.text
    assert response.text.count(">ACIF</a>") == 3


def test_project_page_shows_its_partners_with_role(client):
    response = client.get("/en/gender-equality-and-violence-against-women/acif/")
    assert "CODASE" in response.text
    assert "<dt>Partners</dt>" in response.text


def test_directory_shows_partner_logos(client):
    assert 'class="partner-directory__logo"' in client.get("/en/partners/").text
