"""projects.filters on its own: the listing's GET parameters parsed, checked and written back."""

from types import SimpleNamespace

import pytest
from django.http import QueryDict

from projects.filters import ProjectFilters, language_queries

# A program's slug in either language → its slug in the page's language (here English).
PROGRAM_SLUGS = {"migrations-et-integration": "migration", "migration": "migration"}
COUNTRIES = {"SN", "ML", "FR"}
PROGRAMS = [SimpleNamespace(slug="migration", slug_fr="migrations-et-integration", slug_en="migration")]


def parse(query):
    return ProjectFilters.from_query(QueryDict(query), PROGRAM_SLUGS, COUNTRIES)


def test_no_parameters_means_no_filter():
    filters = parse("")
    assert filters == ProjectFilters()
    assert filters.active == {}
    assert filters.rejected == ()
    assert filters.query_string() == "?"


def test_known_values_are_kept_in_the_page_language():
    filters = parse("program=migrations-et-integration&country=sn&status=archived")
    assert filters.active == {"program": "migration", "country": "SN", "status": "archived"}
    assert filters.rejected == ()


@pytest.mark.parametrize(
    ("query", "rejected"),
    [
        ("program=nowhere", ("program",)),
        ("country=ZZ", ("country",)),
        ("status=finished", ("status",)),
        ("program=%3Cscript%3E&country=%27%22&status=ACTIVE", ("program", "country", "status")),
        ("country=S%C3%A9n%C3%A9gal", ("country",)),  # a country's name is not its code
    ],
)
def test_junk_values_are_dropped_and_named(query, rejected):
    filters = parse(query)
    assert filters.active == {}
    assert filters.rejected == rejected


def test_blank_and_padded_values():
    assert parse("program=&country=%20%20&status=").rejected == ()
    assert parse("country=%20ml%20").country == "ML"


def test_a_repeated_parameter_keeps_the_last_value():
    assert parse("status=active&status=archived").status == "archived"


def test_query_string_has_one_order_and_drops_removed_filters():
    # `active`, the status's former name, still filters, and is written `current` in links.
    filters = parse("status=active&country=SN&program=migration")
    assert filters.query_string() == "?program=migration&country=SN&status=current"
    assert filters.query_string(country=None) == "?program=migration&status=current"
    assert (
        filters.query_string(status="archived", page=2)
        == "?program=migration&country=SN&status=archived&page=2"
    )
    assert ProjectFilters().query_string(program=None) == "?"


def test_query_string_escapes_what_it_writes():
    assert ProjectFilters().query_string(q="l'été & co") == "?q=l%27%C3%A9t%C3%A9+%26+co"


def test_language_queries_translate_the_program_slug():
    filters = parse("program=migration&country=SN")
    queries, canonical = language_queries(filters, 1, PROGRAMS, ["fr", "en"])
    assert queries == {
        "fr": "?program=migrations-et-integration&country=SN",
        "en": "?program=migration&country=SN",
    }
    assert canonical == ""  # a filtered selection is canonical to the unfiltered listing


def test_language_queries_keep_the_page_number_beyond_the_first():
    queries, canonical = language_queries(ProjectFilters(), 3, PROGRAMS, ["fr", "en"])
    assert queries == {"fr": "?page=3", "en": "?page=3"}
    assert canonical == "?page=3"
    assert language_queries(ProjectFilters(), 1, PROGRAMS, ["fr", "en"]) == ({"fr": "", "en": ""}, "")
    assert language_queries(ProjectFilters(), None, [], ["fr"]) == ({"fr": ""}, "")


def test_a_program_without_a_slug_in_a_language_keeps_its_current_slug():
    programs = [SimpleNamespace(slug="migration", slug_fr="", slug_en="migration")]
    queries, _canonical = language_queries(parse("program=migration"), 1, programs, ["fr", "en"])
    assert queries == {"fr": "?program=migration", "en": "?program=migration"}
