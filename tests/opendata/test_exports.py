"""The listing's spreadsheet downloads: exactly the filtered projects, in the page's language."""

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook

from projects.models import ProjectPage
from tests.html import texts
from tests.test_query_counts import add_projects

pytestmark = pytest.mark.django_db


def download_links(html):
    return {
        kind: unescape(url)
        for url, kind in re.findall(r'<a href="([^"]+\.(csv|xlsx)[^"]*)" download>', html)
        for kind in [kind]
    }


def listing_titles(client, url):
    """Every card title of the listing, page after page."""
    titles, page = [], 1
    while True:
        response = client.get(f"{url}&page={page}" if "?" in url else f"{url}?page={page}")
        titles += [
            # The page sets apostrophes typographically (portfolio/typography.py); the data keeps them.
            title.replace("’", "'")
            for title in texts(response, "a.card__link[href]")
        ]
        if f"page={page + 1}" not in response.text:
            return titles
        page += 1


def read_csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_listing_offers_downloads_of_what_its_filters_show(client):
    response = client.get("/en/projects/?country=VN&status=archived")
    links = download_links(response.text)
    assert links == {
        "csv": "/en/open-data/projects.csv?country=VN&status=archived",
        "xlsx": "/en/open-data/projects.xlsx?country=VN&status=archived",
    }
    assert "Download (CSV)" in response.text and "Download (Excel)" in response.text
    french = download_links(client.get("/fr/projets/?country=VN").text)
    assert french["csv"] == "/fr/donnees-ouvertes/projets.csv?country=VN"
    assert "Télécharger (CSV)" in client.get("/fr/projets/").text


@pytest.mark.parametrize("query", ["country=VN&status=archived", "program=migrations-et-integration", ""])
def test_csv_has_exactly_the_listing_projects(client, query):
    rows = read_csv(client.get(f"/en/open-data/projects.csv?{query}"))
    assert rows[0][:3] == ["Project", "Short name", "Program"]
    assert [row[0] for row in rows[1:]] == listing_titles(client, f"/en/projects/?{query}")


def test_csv_in_french_with_accents(client):
    response = client.get("/fr/donnees-ouvertes/projets.csv?country=DZ")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][0] == "Projet"
    assert rows[0][2] == "Programme"
    countries = {row[3] for row in rows[1:]}
    assert any("Algérie" in value for value in countries)
    saara = ProjectPage.objects.get(acronym="SAARA")
    row = next(row for row in rows if row[1] == "SAARA")
    assert row[0] == saara.title_fr
    assert row[-1] == f"http://testserver/fr/renforcement-de-la-societe-civile/{saara.slug_fr}/"


def test_partners_and_funders_columns(client):
    rows = read_csv(client.get("/en/open-data/projects.csv"))
    header = rows[0]
    acif = next(row for row in rows if row[1] == "ACIF")
    partners = acif[header.index("Partners")]
    assert "Centre socio-sportif Le Plateau" in partners
    assert acif[header.index("Funders")] == ""


def test_xlsx_has_the_same_rows(client):
    response = client.get("/en/open-data/projects.xlsx?country=FR")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    csv_rows = read_csv(client.get("/en/open-data/projects.csv?country=FR"))
    assert [row[0] for row in values] == [row[0] for row in csv_rows]
    assert values[0][0] == "Project"


def test_drafts_are_not_exported(client):
    project = ProjectPage.objects.get(acronym="SAARA")
    project.unpublish()
    rows = read_csv(client.get("/en/open-data/projects.csv"))
    assert "SAARA" not in [row[1] for row in rows]


def test_unknown_filters_are_ignored_as_on_the_listing(client):
    rows = read_csv(client.get("/en/open-data/projects.csv?country=ZZ"))
    assert len(rows) - 1 == ProjectPage.objects.live().public().count()


def test_formulas_are_not_run_by_spreadsheets(client):
    project = ProjectPage.objects.get(acronym="SAARA")
    project.summary_en = project.summary = '=HYPERLINK("http://example.org")'
    project.save_revision().publish()
    rows = read_csv(client.get("/en/open-data/projects.csv"))
    row = next(row for row in rows if row[1] == "SAARA")
    assert row[8].startswith("'=")


@pytest.mark.parametrize(
    "url", ["/en/open-data/projects.csv", "/fr/donnees-ouvertes/projets.xlsx?country=VN"]
)
def test_query_count_does_not_grow(client, django_assert_num_queries, url):
    client.get(url)
    with django_assert_num_queries(7):
        client.get(url)
    add_projects(5)
    client.get(url)
    with django_assert_num_queries(7):
        client.get(url)


def test_co_funders_are_in_the_funders_column(client):
    from partners.models import PartnerRole

    acif = ProjectPage.objects.get(acronym="ACIF")
    links = list(acif.partner_links.order_by("sort_order", "pk"))
    links[0].role = PartnerRole.CO_FUNDER
    links[0].save()
    links[1].role = PartnerRole.IMPLEMENTING
    links[1].save()
    rows = read_csv(client.get("/en/open-data/projects.csv"))
    header = rows[0]
    row = next(row for row in rows if row[1] == "ACIF")
    assert row[header.index("Funders")] == links[0].partner.name_en
    assert links[1].partner.name_en in row[header.index("Partners")]
    assert links[0].partner.name_en not in row[header.index("Partners")]
