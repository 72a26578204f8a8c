"""The rows and counts pages are built from, kept between publications (pagecache.store.remember).

The page cache is off here: these are the reads behind a page it does not hold (another filter,
a visitor with a session, the first request after a change). A change is made as an editor
through the admin (or published as the admin does); pages are then read again by a visitor.
"""

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import translation
from wagtail.images.models import Image, Rendition
from wagtail.models import PageViewRestriction, Site

from organisation.models import OrganisationSettings
from projects.models import ProgramPage, ProjectPage
from tests.editorial.conftest import client_for

pytestmark = pytest.mark.django_db

LISTING = "/en/projects/"


@pytest.fixture
def row_cache(settings):
    settings.PAGECACHE_SECONDS = 0
    settings.ROWCACHE_SECONDS = 600
    caches[settings.PAGECACHE_ALIAS].clear()
    yield
    caches[settings.PAGECACHE_ALIAS].clear()


def listing(url=LISTING):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response


def project_links(response):
    return {project.url for project in response.context["listing"].page.object_list}


def related_links(response):
    return {project.url for project in response.context["related_projects"]}


def a_project_showing(acif):
    """A project of ACIF's program whose page lists ACIF among its related projects."""
    for sibling in ProjectPage.objects.sibling_of(acif, inclusive=False).live():
        response = Client().get(sibling.url)
        if acif.url in related_links(response):
            return sibling
    raise AssertionError("no project shows ACIF as related")


@pytest.mark.usefixtures("row_cache")
def test_the_listing_reads_its_counts_and_rows_once_until_a_publication(django_assert_num_queries):
    listing()
    # Without the row cache the listing makes 14 queries (tests/test_query_counts.py): the
    # programs and the grouped counts are not read again, nor the header's navigation, the
    # organisation's identity, the site, the route to the page, nor the cards (their HTML is
    # kept), nor the restrictions on the page and its ancestors (Wagtail's privacy check).
    with django_assert_num_queries(0):
        again = listing()
    assert len(again.context["cards"]) == 12
    assert len(project_links(again)) == 12  # the projects themselves, read only when asked for


@pytest.mark.usefixtures("row_cache")
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/fr/", 0),
        ("/en/gender-equality-and-violence-against-women/acif/", 0),  # its image kept with it
    ],
)
def test_home_and_project_pages_read_nothing_until_a_publication(url, queries, django_assert_num_queries):
    first = listing(url)
    with django_assert_num_queries(queries):
        again = listing(url)
    assert again.content == first.content


@pytest.mark.usefixtures("row_cache")
def test_unpublishing_takes_a_project_out_of_the_listing_its_counts_and_related_projects(editor):
    acif = ProjectPage.objects.get(acronym="ACIF")
    program = ProgramPage.objects.ancestor_of(acif).get()
    filtered = f"/en/projects/?program={program.slug_en}"
    sibling = a_project_showing(acif)
    before = listing(filtered)
    assert acif.url in project_links(before)
    assert related_links(Client().get(sibling.url))  # read once: now from the row cache

    response = client_for(editor).post(f"/admin/pages/{acif.pk}/unpublish/")
    assert response.status_code == 302

    after = listing(filtered)
    assert acif.url not in project_links(after)
    assert after.context["listing"].total == before.context["listing"].total - 1
    program_count = {option.value: option.count for option in listing().context["listing"].facets["program"]}
    assert program_count[program.slug] == before.context["listing"].total - 1
    assert acif.url not in related_links(Client().get(sibling.url))


@pytest.mark.usefixtures("row_cache")
def test_a_published_project_is_listed_first_with_its_country_offered():
    first_page = listing()
    assert "IS" not in {option.value for option in first_page.context["listing"].facets["country"]}

    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    project = ProjectPage(
        title="Aaa new project",
        title_fr="Aaa nouveau projet",
        title_en="Aaa new project",
        slug="aaa-nouveau-projet",
        slug_fr="aaa-nouveau-projet",
        slug_en="aaa-new-project",
        countries=["IS"],
        start_year=2099,
    )
    program.add_child(instance=project)
    project.save_revision().publish()  # what the admin's "Publish" does

    again = listing()
    # Current, with the latest start: the first card of the first page.
    assert again.context["listing"].page.object_list[0].pk == project.pk
    assert "IS" in {option.value for option in again.context["listing"].facets["country"]}
    assert project_links(listing("/en/projects/?country=IS")) == {project.url}


@pytest.mark.usefixtures("row_cache")
def test_a_draft_changes_no_listing(editor):
    acif = ProjectPage.objects.get(acronym="ACIF")
    first = listing("/en/projects/?country=FR")
    acif.save_revision(user=editor)  # a draft: nothing public changed
    assert project_links(listing("/en/projects/?country=FR")) == project_links(first)


def search_links(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return [result.url for result in response.context["results"].page.object_list], response


@pytest.mark.usefixtures("row_cache")
def test_search_ranks_once_until_a_publication_then_finds_what_changed(editor, django_assert_num_queries):
    url = "/en/search/?q=Vietnam"
    first, response = search_links(url)
    total = response.context["results"].total
    assert first
    # Without the row cache the search page makes 10 queries (tests/test_query_counts.py): the
    # ranking and its count are not run again, nor the site's, the header's and footer's reads.
    with django_assert_num_queries(3):
        again, _ = search_links(url)
    assert again == first

    shown = next(
        result for result in response.context["results"].page.object_list if isinstance(result, ProjectPage)
    )
    response = client_for(editor).post(f"/admin/pages/{shown.pk}/unpublish/")
    assert response.status_code == 302
    after, response = search_links(url)
    assert shown.url not in after
    assert response.context["results"].total == total - 1


@pytest.mark.usefixtures("row_cache")
def test_a_suggestions_count_is_kept_until_a_publication(django_assert_num_queries):
    url = "/fr/search/?q=algerei"
    response = Client().get(url)
    suggested = response.context["results"].suggestion_total
    assert response.context["results"].suggestion and suggested
    # Without the row cache this page makes 9 queries (tests/projects/test_search_suggestions.py):
    # the ranking of nothing, the suggestion's count, the site's, the header's and footer's
    # reads are not run again.
    with django_assert_num_queries(2):
        again = Client().get(url)
    assert again.context["results"].suggestion_total == suggested


@pytest.mark.usefixtures("row_cache")
def test_the_header_and_footer_follow_a_settings_change_and_a_publication(editor):
    listing()  # header and footer read once, now kept
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.name_en = "Renamed organisation"
    organisation.save()
    assert "Renamed organisation" in listing().text

    program = ProgramPage.objects.live().first()
    with translation.override("en"):
        link = f'href="{program.url}"'
    assert link in listing().text  # in the footer's programs
    response = client_for(editor).post(f"/admin/pages/{program.pk}/unpublish/")
    assert response.status_code == 302
    assert link not in listing().text


@pytest.mark.usefixtures("row_cache")
def test_a_new_site_is_found_for_its_host_at_once(settings):
    """The site found for a host is kept: adding a site for that host must route it there."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "migrations.example.org"]
    program = ProgramPage.objects.get(slug_en="migration-and-integration")
    host = {"HTTP_HOST": "migrations.example.org"}
    before = Client().get("/en/", **host)
    assert before.status_code == 200
    assert before.context["page"].pk != program.pk  # the default site's home page, now kept

    Site.objects.create(hostname="migrations.example.org", port=80, root_page=program, site_name="Migrations")

    after = Client().get("/en/", **host)
    assert after.status_code == 200
    assert after.context["page"].pk == program.pk


@pytest.mark.usefixtures("row_cache")
def test_a_remembered_fragment_is_rendered_once_per_language_until_a_change():
    from django.template import engines

    from pagecache import store

    class Renders:
        count = 0

        def __str__(self):
            self.count += 1
            return str(self.count)

    renders = Renders()
    fragment = engines["django"].from_string(
        '{% load pagecache_tags %}{% remember "test" %}{{ renders }}{% endremember %}'
    )
    shown = []
    for language in ("fr", "fr", "en", "en"):
        with translation.override(language):
            shown.append(fragment.render({"renders": renders}))
    assert shown == ["1", "1", "2", "2"]
    store.bump()  # any change pages show
    with translation.override("fr"):
        assert fragment.render({"renders": renders}) == "3"


def test_a_deployment_leaves_the_previous_release_s_entries_behind(settings):
    """migrate runs on every deployment (make serve): what older code kept must not be read."""
    from django.core.management import call_command

    from pagecache import store

    settings.ROWCACHE_SECONDS = 600
    before = store.generation()
    call_command("migrate", verbosity=0)
    assert store.generation() > before


@pytest.mark.usefixtures("row_cache")
@pytest.mark.parametrize(
    "url",
    [
        "/fr/",  # the programs' images
        "/en/gender-equality-and-violence-against-women/acif/",  # its partners' logos
    ],
)
def test_images_a_page_draws_are_kept_with_its_rows(url, monkeypatch, django_assert_num_queries):
    """A page showing images not drawn yet (new images, a new size) draws them once.

    The rows it is built from were read before the drawing: were they kept as read, every later
    page built from them would find no rendition and draw the images again.
    """
    settings_row = OrganisationSettings.objects.get(site=Site.objects.get(is_default_site=True))
    settings_row.logo = ProjectPage.objects.get(acronym="SAARA").hero_image
    settings_row.save()  # the header's logo, from the organisation's settings
    Rendition.objects.all().delete()
    caches["default"].clear()
    drawn = []
    draw = Image.generate_rendition_file
    monkeypatch.setattr(
        Image,
        "generate_rendition_file",
        lambda image, image_filter, **kwargs: (
            drawn.append(image_filter.spec) or draw(image, image_filter, **kwargs)
        ),
    )
    first = listing(url)
    assert "max-240x80" in drawn and len(drawn) > 3

    drawn.clear()
    with django_assert_num_queries(0):  # as when every image was drawn before
        again = listing(url)
    assert drawn == []
    assert again.content == first.content


@pytest.mark.usefixtures("row_cache")
@pytest.mark.parametrize("restriction_type", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_privacy_setting_applies_at_once_to_the_page_and_those_below(restriction_type, editor):
    """The restrictions Wagtail checks on every view are kept by the row cache: a new one applies
    at once, to the page and to the pages below it, and lifting it opens them again."""
    program = ProgramPage.objects.get(slug_en="gender-equality-and-violence-against-women")
    project_url = "/en/gender-equality-and-violence-against-women/acif/"
    for url in (program.url, project_url):
        listing(url)  # its restrictions (none) now kept

    # As an editor does it: the page's privacy dialog in the admin.
    privacy_url = f"/admin/pages/{program.pk}/privacy/"
    data = {"restriction_type": restriction_type, "password": "a-long-secret-2026", "groups": []}
    assert client_for(editor).post(privacy_url, data).status_code == 200
    for url in (program.url, project_url):
        response = Client().get(url)
        if restriction_type == PageViewRestriction.PASSWORD:
            assert response.status_code == 200 and b'name="password"' in response.content, url
        else:
            assert response.status_code == 302 and "/login/" in response["Location"], url

    data = {"restriction_type": PageViewRestriction.NONE}
    assert client_for(editor).post(privacy_url, data).status_code == 200
    for url in (program.url, project_url):
        assert b'name="password"' not in listing(url).content, url


# URLs visited in turn with the row cache on: each shares kept rows and fragments with those
# before it (menu, filters, cards, organisation), and must still show exactly its own page.
VISITS = [
    "/en/projects/",  # in the menu: its menu item is the current page
    "/en/projects/?country=VN",
    "/en/projects/?country=VN&status=archived",
    "/fr/projets/?program=migrations-et-integration&page=2",
    "/fr/projets/?program=migrations-et-integration",
    "/en/gender-equality-and-violence-against-women/acif/",
    "/en/migration-and-integration/",
    "/fr/",
    "/en/",
    "/en/partners/",
    "/en/search/?q=Vietnam",
    "/en/archive/",
]


def test_pages_built_from_kept_rows_and_fragments_are_those_built_afresh(settings):
    """Byte for byte, in both languages: a fragment kept for one page must not show on another
    with what belongs to the first (its menu item marked current, its filters, its language)."""
    settings.PAGECACHE_SECONDS = 0
    settings.ROWCACHE_SECONDS = 0
    fresh = {url: listing(url).content for url in VISITS}

    settings.ROWCACHE_SECONDS = 600
    caches[settings.PAGECACHE_ALIAS].clear()
    for _round in range(2):  # the first builds and keeps, the second reads what was kept
        for url in VISITS:
            assert listing(url).content == fresh[url], url
    caches[settings.PAGECACHE_ALIAS].clear()


class CacheCalls:
    """The calls made to the cache, by method: one per round trip to Redis.

    Only the outer call is counted: the local-memory cache's get_many() calls get() per key.
    """

    METHODS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many")

    def __init__(self, monkeypatch, cache):
        self.calls = []
        self.depth = 0
        for name in self.METHODS:
            method = getattr(type(cache), name)
            monkeypatch.setattr(type(cache), name, self._counting(name, method))

    def _counting(self, name, method):
        def counted(cache, *args, **kwargs):
            if not self.depth:
                self.calls.append(name)
            self.depth += 1
            try:
                return method(cache, *args, **kwargs)
            finally:
                self.depth -= 1

        return counted


@pytest.mark.usefixtures("row_cache")
@pytest.mark.parametrize(
    "url",
    [
        "/fr/",
        "/en/projects/",
        "/fr/projets/?country=VN&status=archived",
        "/en/gender-equality-and-violence-against-women/acif/",
    ],
)
def test_a_page_the_row_cache_holds_reads_the_cache_twice(url, monkeypatch, settings):
    """The generation with the list of rows this URL read, then those rows: two round trips to
    Redis, whatever the page shows (site, route, organisation, menu, cards, fragments, the site's
    root paths in both languages for the language switcher, the images' renditions)."""
    listing(url)  # reads and keeps the rows, then lists them for this URL
    listing(url)
    calls = CacheCalls(monkeypatch, caches[settings.PAGECACHE_ALIAS])
    listing(url)
    assert calls.calls == ["get_many", "get_many"]
