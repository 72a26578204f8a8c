"""Projects presented completely: one name per card, the facts box, "coming soon", the listing's way in."""

import re
from html import unescape

import pytest
from django.utils.html import escape

from partners.models import Partner, PartnerRole
from projects.models import ProjectPage, ProjectPartner

pytestmark = pytest.mark.django_db

ACIF_EN = "/en/gender-equality-and-violence-against-women/acif/"
ACIF_FR = "/fr/egalite-femmes-hommes-et-violences-faites-aux-femmes/acif/"
LONG_MARCH_FR = "/fr/renforcement-de-la-societe-civile/longue-marche/"
LONG_MARCH_EN = "/en/civil-society-strengthening/long-march/"


def cards(html):
    return re.findall(r'<h3 class="card__title">(.*?)</h3>', html, re.S)


def visible_text(fragment):
    return unescape(re.sub(r"<[^>]+>", " ", fragment)).split()


def facts(html):
    box = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    return {
        unescape(term.strip()): definition
        for term, definition in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", box, re.S)
    }


@pytest.mark.parametrize(
    "url", ["/fr/projets/", "/en/projects/", "/en/projects/?page=2", "/fr/projets/?page=3"]
)
def test_no_card_repeats_its_name(client, url):
    html = client.get(url).text
    found = cards(html)
    assert found
    for card in found:
        name = re.search(r'class="card__name">([^<]+)<', card)
        title = re.search(r'class="card__link"[^>]*>([^<]+)</a>', card).group(1)
        if name:
            assert unescape(name.group(1)).casefold() not in unescape(title).casefold().replace("’", "'")


def shown(text):
    """Text as pages show it: apostrophes set typographically (portfolio/typography.py), escaped."""
    return escape(text.replace("'", "’"))


@pytest.mark.parametrize("acronym", ["SAARA", "E'Changeons", "Dé-chiffrons les migrations"])
def test_cards_whose_title_says_the_name_show_it_once(client, acronym):
    project = ProjectPage.objects.get(acronym=acronym)
    html = client.get("/fr/projets/", {"program": project.get_parent().specific.slug_fr}).text
    card = next(card for card in cards(html) if shown(project.title_fr) in card)
    assert visible_text(card).count(acronym.split()[0].replace("'", "’")) == 1
    assert "card__name" not in card


def test_a_card_shows_a_distinct_short_name_inside_its_heading_above_the_title(client):
    html = client.get("/en/projects/", {"program": "economic-and-professional-integration"}).text
    card = next(card for card in cards(html) if "INNOV" in card)
    assert card.index("card__name") < card.index("card__link")


def test_archive_and_search_show_the_short_name_beside_the_title(client):
    archive = client.get("/en/archive/").text
    items = re.findall(r'<li class="archive-list__item">(.*?)</li>', archive, re.S)
    mobil = next(item for item in items if "Promoting his/her savoir-faire" in item)
    assert '<span class="archive-list__name">' + shown("MOBIL'Hanoï") + "</span>" in mobil
    form = next(item for item in items if "Empowering Algerian organizations" in item)
    assert '<span class="archive-list__name">' + shown("FORM'Algérie") + "</span>" in form
    search = client.get("/en/search/", {"q": "Algeria"}).text
    assert shown("FORM'Algérie – Empowering Algerian organizations") in search
    assert "SAARA – SAARA" not in search


def test_the_facts_box_gives_dates_program_countries_places_status_and_partners(client):
    page = ProjectPage.objects.get(acronym="INNOV'Asso")
    html = client.get("/en/economic-and-professional-integration/innovasso/").text
    box = facts(html)
    assert visible_text(box["Dates"]) == ["Since", "2016"]
    assert 'href="/en/economic-and-professional-integration/"' in box["Program"]
    assert visible_text(box["Country"]) == ["Algeria"]
    assert "Oran, Khenchela" in box["Places"]
    assert visible_text(box["Status"]) == ["Current"]
    grdr = Partner.objects.get(acronym="GRDR")
    assert f'href="/en/partners/#partner-{grdr.pk}"' in box["Partner"]
    assert page.partner_links.get().role == PartnerRole.PARTNER


def test_facts_box_partner_links_lead_to_directory_entries_in_both_languages(client):
    for url, directory, label in [
        (ACIF_EN, "/en/partners/", "Partners"),
        (ACIF_FR, "/fr/partenaires/", "Partenaires"),
    ]:
        box = facts(client.get(url).text)
        anchors = re.findall(rf'href="{directory}#(partner-\d+)"', box[label])
        assert len(anchors) == 3
        page = client.get(directory).text
        for anchor in anchors:
            assert f'id="{anchor}"' in page


def test_funders_get_a_facts_line_of_their_own_in_the_page_language(client):
    page = ProjectPage.objects.get(acronym="ACIF")
    link = page.partner_links.get(partner__name_fr="CODASE")
    link.role = PartnerRole.FUNDER
    link.save()
    assert "CODASE" in facts(client.get(ACIF_EN).text)["Funder"]
    box = facts(client.get(ACIF_FR).text)
    assert "CODASE" in box["Financeur"]
    assert "CODASE" not in box["Partenaires"]


def test_the_seed_names_no_funder_so_the_demo_sets_none():
    assert not ProjectPartner.objects.exclude(role=PartnerRole.PARTNER).exists()


@pytest.mark.parametrize(
    ("url", "line", "other"),
    [
        (LONG_MARCH_FR, "Présentation à venir.", "Description coming soon."),
        (LONG_MARCH_EN, "Description coming soon.", "Présentation à venir."),
    ],
)
def test_archived_projects_without_a_description_say_it_is_coming(client, url, line, other):
    # Staff have not written Long March's description yet (the demo gives it a French filler).
    project = ProjectPage.objects.get(slug_en="long-march")
    project.summary_fr = project.summary_en = ""
    project.body_fr = project.body_en = []
    project.save_revision().publish()
    html = client.get(url).text
    assert f'<p class="coming-soon">{escape(line)}</p>' in html
    assert escape(other) not in html


def test_a_project_with_a_description_has_no_coming_soon_line(client):
    assert "coming-soon" not in client.get(ACIF_EN).text


@pytest.mark.parametrize(
    ("url", "listing", "says"),
    [
        (ACIF_EN, "/en/projects/", "All our projects, current and completed"),
        (ACIF_FR, "/fr/projets/", "Tous nos projets, en cours et achevés"),
    ],
)
def test_first_breadcrumb_leads_to_the_listing_whose_intro_says_all_projects(client, url, listing, says):
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', client.get(url).text, re.S).group(0)
    assert re.findall(r'<li><a href="([^"]+)"', crumbs)[0] == listing
    intro = client.get(listing).text
    assert says in intro
    assert "current projects" not in intro and "projets en cours en France" not in intro


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ({}, "Filter</h2></summary>"),
        (
            {"country": "VN", "status": "archived"},
            'Filter</h2> <span class="filters__active-count">(2 active)</span></summary>',
        ),
    ],
)
def test_filters_fold_behind_a_native_disclosure_with_the_active_count(client, query, summary):
    html = client.get("/en/projects/", query).text
    nav = re.search(r'<nav class="filters".*?</nav>', html, re.S).group(0)
    assert '<details class="filters__disclosure">' in nav
    assert summary in nav
    assert "<script" not in nav
    french = client.get("/fr/projets/", query).text
    assert "Filtrer" in re.search(r"<summary.*?</summary>", french, re.S).group(0)
