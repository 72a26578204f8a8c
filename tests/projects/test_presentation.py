"""Projects presented completely: one name per card, the facts box, "coming soon", the listing's way in."""

import pytest
from django.utils.html import escape

from partners.models import Partner, PartnerRole
from projects.models import ProjectPage, ProjectPartner
from tests.conftest import project_url
from tests.html import select, select_one, text
from tests.html import texts as texts_of

pytestmark = pytest.mark.django_db

ACIF_EN = "/en/gender-equality-and-violence-against-women/acif/"
ACIF_FR = "/fr/egalite-femmes-hommes-et-violences-faites-aux-femmes/acif/"
LONG_MARCH_FR = "/fr/renforcement-de-la-societe-civile/longue-marche/"
LONG_MARCH_EN = "/en/civil-society-strengthening/long-march/"


def cards(html):
    """The title (heading) of each project card."""
    return select(html, "h3.card__title")


def visible_text(element):
    return text(element).split()


def facts(html):
    """{term: its definition (a <dd> element)} of the project's facts box."""
    box = select_one(html, "dl.facts")
    return {text(term): term.getnext() for term in box.cssselect("dt")}


def hrefs(element):
    return [link.get("href") for link in element.cssselect("a[href]")]


@pytest.mark.parametrize(
    "url", ["/fr/projets/", "/en/projects/", "/en/projects/?page=2", "/fr/projets/?page=3"]
)
def test_no_card_repeats_its_name(client, url):
    html = client.get(url).text
    found = cards(html)
    assert found
    for card in found:
        names = [name for name in card.cssselect(".card__name") if text(name)]
        title = text(select_one(card, ".card__link"))
        if names:
            assert text(names[0]).casefold() not in title.casefold().replace("’", "'")


def shown(words):
    """Text as pages show it: apostrophes set typographically (portfolio/typography.py), escaped."""
    return escape(words.replace("'", "’"))


def typographic(words):
    """Text as a reader of the page reads it: apostrophes set typographically."""
    return words.replace("'", "’")


@pytest.mark.parametrize("acronym", ["SAARA", "E'Changeons", "Dé-chiffrons les migrations"])
def test_cards_whose_title_says_the_name_show_it_once(client, acronym):
    project = ProjectPage.objects.get(acronym=acronym)
    html = client.get("/fr/projets/", {"program": project.get_parent().specific.slug_fr}).text
    card = next(card for card in cards(html) if typographic(project.title_fr) in text(card))
    assert visible_text(card).count(typographic(acronym.split()[0])) == 1
    # The short name's slot is kept, empty, so that titles line up across a row.
    assert [text(name) for name in card.cssselect(".card__name")] == [""]


def test_a_card_shows_a_distinct_short_name_inside_its_heading_above_the_title(client):
    html = client.get("/en/projects/", {"program": "economic-and-professional-integration"}).text
    card = next(card for card in cards(html) if "INNOV" in text(card))
    order = [element for element in card.iter() if element.get("class") in ("card__name", "card__link")]
    assert [element.get("class") for element in order] == ["card__name", "card__link"]


def test_archive_and_search_show_the_short_name_beside_the_title(client):
    archive = client.get("/en/archive/").text
    items = select(archive, "li.archive-list__item")
    mobil = next(item for item in items if "Promoting his/her savoir-faire" in text(item))
    assert text(select_one(mobil, "span.archive-list__name")) == typographic("MOBIL'Hanoï")
    form = next(item for item in items if "Empowering Algerian organizations" in text(item))
    assert text(select_one(form, "span.archive-list__name")) == typographic("FORM'Algérie")
    search = client.get("/en/search/", {"q": "Algeria"}).text
    assert shown("FORM'Algérie – Empowering Algerian organizations") in search
    assert "SAARA – SAARA" not in search


def test_the_facts_box_gives_dates_program_countries_places_status_and_partners(client):
    page = ProjectPage.objects.get(acronym="INNOV'Asso")
    html = client.get("/en/economic-and-professional-integration/innovasso/").text
    box = facts(html)
    assert visible_text(box["Dates"]) == ["Since", "2016"]
    assert hrefs(box["Program"]) == ["/en/economic-and-professional-integration/"]
    assert visible_text(box["Country"]) == ["Algeria"]
    assert "Oran, Khenchela" in text(box["Places"])
    assert visible_text(box["Status"]) == ["Current"]
    grdr = Partner.objects.get(acronym="GRDR")
    assert hrefs(box["Partner"]) == [f"/en/partners/#partner-{grdr.pk}"]
    assert page.partner_links.get().role == PartnerRole.PARTNER


def test_facts_box_partner_links_lead_to_directory_entries_in_both_languages(client):
    for url, directory, label in [
        (ACIF_EN, "/en/partners/", "Partners"),
        (ACIF_FR, "/fr/partenaires/", "Partenaires"),
    ]:
        box = facts(client.get(url).text)
        anchors = [href.removeprefix(f"{directory}#") for href in hrefs(box[label])]
        assert len(anchors) == 3
        assert all(anchor.startswith("partner-") for anchor in anchors)
        page = client.get(directory)
        for anchor in anchors:
            select_one(page, f"#{anchor}")


def test_funders_get_a_facts_line_of_their_own_in_the_page_language(client):
    page = ProjectPage.objects.get(acronym="ACIF")
    link = page.partner_links.get(partner__name_fr="CODASE")
    link.role = PartnerRole.FUNDER
    link.save()
    assert "CODASE" in text(facts(client.get(ACIF_EN).text)["Funder"])
    box = facts(client.get(ACIF_FR).text)
    assert "CODASE" in text(box["Financeur"])
    assert "CODASE" not in text(box["Partenaires"])


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
    # Staff have not written Long March's description yet (the demo gives it one French sentence).
    project = ProjectPage.objects.get(slug_en="long-march")
    project.summary_fr = project.summary_en = ""
    project.body_fr = project.body_en = []
    project.save_revision().publish()
    html = client.get(url).text
    assert texts_of(html, "p.coming-soon") == [line]
    assert escape(other) not in html


def test_a_project_with_a_description_has_no_coming_soon_line(client):
    assert select(client.get(ACIF_EN), ".coming-soon") == []


@pytest.mark.parametrize(
    ("url", "listing", "says"),
    [
        (ACIF_EN, "/en/projects/", "All our projects, current and archived"),
        (ACIF_FR, "/fr/projets/", "Tous nos projets, en cours et archivés"),
    ],
)
def test_first_breadcrumb_leads_to_the_listing_whose_intro_says_all_projects(client, url, listing, says):
    crumbs = select_one(client.get(url), "nav.breadcrumbs")
    assert hrefs(crumbs)[0] == listing
    intro = client.get(listing).text
    assert says in intro
    assert "current projects" not in intro and "projets en cours en France" not in intro


@pytest.mark.parametrize(
    ("query", "heading", "count"),
    [({}, "Filter", []), ({"country": "VN", "status": "archived"}, "Filter", ["(2 active)"])],
)
def test_filters_fold_behind_a_native_disclosure_with_the_active_count(client, query, heading, count):
    nav = select_one(client.get("/en/projects/", query), "nav.filters")
    summary = select_one(nav, "details.filters__disclosure > summary")
    assert text(select_one(summary, "h2")) == heading
    assert [text(span) for span in summary.cssselect("span.filters__active-count")] == count
    assert nav.cssselect("script") == []
    french = select_one(client.get("/fr/projets/", query), "nav.filters summary")
    assert "Filtrer" in text(french)


def plain(words):
    """Text with the typographic spaces French pages set (portfolio/typography.py) read as spaces."""
    return " ".join(words.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("language", ["fr", "en"])
def test_archived_projects_the_organisation_only_names_say_their_sentence_once(
    client, demo_content, language
):
    """The seed gives these projects a name and dates only: their page says so in one French
    sentence, once; in English, marked as French under the translation notice."""
    named = [
        data
        for data in demo_content["projects"]
        if data["archived"] and not data["body"]["fr"] and not data["summary"]["en"]
    ]
    assert len(named) == 15
    for data in named:
        sentence = plain(data["summary"]["fr"])
        main = select_one(client.get(project_url(demo_content, data, language)).text, "main")
        assert plain(main.text_content()).count(sentence) == 1, data["key"]
        lead = select_one(main, "p.lead")
        assert plain(text(lead)) == sentence, data["key"]
        assert select(main, ".prose") == [] and select(main, ".coming-soon") == [], data["key"]
        notices = select(main, ".translation-notice")
        if language == "fr":
            assert notices == [] and lead.get("lang") is None, data["key"]
        else:
            (notice,) = notices
            assert lead.get("lang") == "fr", data["key"]
            order = list(main.iter())
            assert order.index(notice) < order.index(lead), data["key"]
