"""The read-only JSON API: both languages, the listing's filters, pagination, JSON errors."""

import math
import re

import pytest
from wagtail.models import PageViewRestriction

from partners.models import Partner
from projects.models import ProgramPage, ProjectPage
from tests.factories import ImageFactory, ProgramPageFactory
from tests.test_query_counts import add_projects

from .conftest import IDENTIFIER

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"


def give_programs_images():
    """The demo's programs have no image (their drawn motif stands for them): give them one."""
    for program in ProgramPage.objects.all():
        program.image = ImageFactory()
        program.save()


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def listing_total(client, query):
    """How many projects the public listing shows for the same filters."""
    response = client.get(f"/en/projects/?{query}")
    return int(re.search(r'id="results-heading"[^>]*>(\d+) project', response.text).group(1))


def test_root_links_every_endpoint(client, publisher):
    data = get_json(client, "/api/v1/")
    assert data["projects"] == "http://testserver/api/v1/projects/"
    assert data["iati_activities"] == "http://testserver/iati/activities.xml"
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["documentation"] == {
        "fr": "http://testserver/fr/donnees-ouvertes/",
        "en": "http://testserver/en/open-data/",
    }


def test_root_without_settings_has_no_iati_file(client):
    data = get_json(client, "/api/v1/")
    assert data["iati_activities"] is None
    assert data["licence"] is None


def test_projects_are_the_live_ones_in_both_languages(client, publisher):
    data = get_json(client, f"{PROJECTS}?page_size=100")
    live = {project.pk: project for project in ProjectPage.objects.live().public()}
    assert data["count"] == len(live) == len(data["results"])
    by_id = {item["id"]: item for item in data["results"]}
    assert set(by_id) == set(live)
    project = ProjectPage.objects.get(acronym="Migr'Action")
    item = by_id[project.pk]
    assert item["key"] == str(project.translation_key)
    assert item["iati_identifier"] == f"{IDENTIFIER}-{project.translation_key}"
    assert item["title"] == {"fr": project.title_fr, "en": project.title_en}
    assert item["countries"] == [{"code": "FR", "name": {"fr": "France", "en": "France"}}]
    assert item["status"] == "current"
    for language in ("fr", "en"):
        url = item["url"][language]
        assert url.startswith(f"http://testserver/{language}/")
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
    assert item["program"]["title"]["en"] == "Migration and integration"


def test_images_partners_and_documents(client, publisher):
    data = get_json(client, f"{PROJECTS}?page_size=100")
    by_acronym = {item["acronym"]: item for item in data["results"]}
    image = by_acronym["SAARA"]["image"]
    assert set(image) == {"fill-320x180", "fill-640x360", "fill-960x540"}
    assert image["fill-640x360"]["width"] == 640
    assert image["fill-640x360"]["url"].startswith("http://testserver/media/")
    acif = ProjectPage.objects.get(acronym="ACIF")
    partners = by_acronym["ACIF"]["partners"]
    assert [partner["name"]["fr"] for partner in partners] == [
        link.partner.name_fr for link in acif.partner_links.order_by("sort_order")
    ]
    assert {partner["role"] for partner in partners} == {"partner"}
    with_notes = ProjectPage.objects.filter(documents__isnull=False).distinct().get()
    (document,) = next(item for item in data["results"] if item["id"] == with_notes.pk)["documents"]
    assert document["language"] == "en"
    assert document["url"].startswith("http://testserver/documents/")
    assert document["title"] == {"fr": "Note de projet (anglais)", "en": "Project note"}


@pytest.mark.parametrize(
    "query",
    [
        "country=VN",
        "country=vn&status=archived",
        "program=migrations-et-integration",
        "program=migration-and-integration",
        "status=current&country=DZ",
    ],
)
def test_filters_match_the_listing(client, query):
    data = get_json(client, f"{PROJECTS}?{query}&page_size=100")
    assert data["count"] == len(data["results"]) == listing_total(client, query)
    assert data["count"] > 0


def test_pagination(client):
    total = ProjectPage.objects.live().public().count()
    first = get_json(client, f"{PROJECTS}?page_size=5&country=FR")
    french = listing_total(client, "country=FR")
    assert first["pages"] == math.ceil(french / 5)
    assert len(first["results"]) == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/projects/?page_size=5&country=FR&page=2"
    second = get_json(client, first["next"].removeprefix("http://testserver"))
    assert not {i["id"] for i in first["results"]} & {i["id"] for i in second["results"]}
    assert get_json(client, PROJECTS)["pages"] == math.ceil(total / 20)


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("page=0", 400, "page"),
        ("page=abc", 400, "page"),
        ("page=999", 404, "page"),
        ("page_size=0", 400, "page_size"),
        ("page_size=101", 400, "page_size"),
        ("page_size=1e3", 400, "page_size"),
    ],
)
def test_bad_pages_are_json_errors(client, query, status, parameter):
    data = get_json(client, f"{PROJECTS}?{query}", status=status, accept_language="en")
    assert data["error"]["status"] == status
    assert data["error"]["parameter"] == parameter
    assert data["error"]["message"]


def test_bad_filters_are_json_errors_that_list_what_is_allowed(client):
    data = get_json(client, f"{PROJECTS}?country=XX&status=later", status=400, accept_language="en")
    assert data["error"]["parameters"] == ["country", "status"]
    assert data["error"]["message"] == "Unknown value for the filter(s): country, status."
    assert "VN" in data["error"]["allowed"]["country"]
    assert data["error"]["allowed"]["status"] == ["current", "archived"]


def test_errors_speak_french_to_a_french_reader(client):
    data = get_json(client, f"{PROJECTS}?program=nope", status=400, accept_language="fr")
    assert data["error"]["message"].startswith("Valeur inconnue")


def test_the_api_is_read_only(client):
    response = client.post(PROJECTS)
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405
    assert response["Allow"] == "GET, HEAD"


def test_detail_and_its_404(client):
    project = ProjectPage.objects.get(acronym="SAARA")
    data = get_json(client, f"{PROJECTS}{project.pk}/")
    assert data["title"]["en"] == project.title_en
    project.unpublish()
    assert get_json(client, f"{PROJECTS}{project.pk}/", status=404)["error"]["status"] == 404
    assert get_json(client, "/api/v1/projects/999999/", status=404)
    assert get_json(client, f"/api/v1/projects/{10**30}/", status=404)


def test_drafts_private_pages_and_unpublished_partners_are_left_out(client):
    draft = ProjectPage.objects.get(acronym="SAARA")
    draft.unpublish()
    program = ProgramPage.objects.get(slug_en="gender-equality-and-violence-against-women")
    PageViewRestriction.objects.create(page=program, restriction_type="password", password="secret")
    private = set(ProjectPage.objects.child_of(program).values_list("pk", flat=True))
    partner = Partner.objects.get(name_fr="Centre socio-sportif Le Plateau")
    partner.live = False
    partner.save()

    ids = {item["id"] for item in get_json(client, f"{PROJECTS}?page_size=100")["results"]}
    assert draft.pk not in ids
    assert private and not ids & private
    programs = get_json(client, "/api/v1/programs/")["results"]
    assert program.pk not in {item["id"] for item in programs}
    partners = get_json(client, "/api/v1/partners/?page_size=100")["results"]
    assert partner.pk not in {item["id"] for item in partners}
    assert all(draft.pk not in item["projects"] for item in partners)


def test_programs_carry_their_dac_sector(client):
    built = ProgramPageFactory(dac_sector="15180")
    give_programs_images()
    data = get_json(client, "/api/v1/programs/")
    assert data["count"] == ProgramPage.objects.live().public().count()
    assert next(item for item in data["results"] if item["id"] == built.pk)["dac_sector"]["code"] == "15180"
    migration = next(item for item in data["results"] if item["slug"]["en"] == "migration-and-integration")
    assert migration["dac_sector"] == {
        "code": "15190",
        "name": "Facilitation of orderly, safe, regular and responsible migration and mobility",
    }
    assert migration["url"]["fr"] == "http://testserver/fr/migrations-et-integration/"
    assert migration["image"]["fill-480x270"]["width"] == 480


def test_partners_list_their_live_projects(client):
    data = get_json(client, "/api/v1/partners/?page_size=100")
    assert data["count"] == Partner.objects.filter(live=True).count()
    grdr = next(item for item in data["results"] if item["acronym"] == "GRDR")
    assert grdr["projects"] == [ProjectPage.objects.get(acronym="INNOV'Asso").pk]
    plateau = next(
        item for item in data["results"] if item["name"]["fr"] == "Centre socio-sportif Le Plateau"
    )
    assert plateau["country"] == {"code": "FR", "name": {"fr": "France", "en": "France"}}


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/projects/?page_size=5", 8),
        ("/api/v1/projects/?page_size=100", 8),
        ("/api/v1/projects/?country=VN&status=archived", 8),
        ("/api/v1/programs/", 3),
        ("/api/v1/partners/?page_size=5", 3),
        ("/api/v1/partners/?page_size=100", 3),
        ("/api/v1/", 2),
    ],
)
def test_query_count_is_pinned_and_independent_of_page_size(client, django_assert_num_queries, url, queries):
    give_programs_images()  # their renditions are one of the programs' queries
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    add_projects(5)
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
