"""Drafts, unpublished changes and private pages never show on the public site.

Every page type gets a draft, a password-restricted and a login-restricted instance (a
program's privacy or draft state also hides the live projects under it), plus draft and
unpublished partners, draft changes to live pages and partners, and links from public
content to all of them. Then every public page, in both languages, must be byte for byte what
it was before they existed, and must not name them.
"""

import re

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import PageViewRestriction

from editorial.visibility import public_pages
from partners.models import Partner
from projects.models import HomePage, HomePageFeaturedProject, ProgramPage, ProjectPage, ProjectPartner

pytestmark = pytest.mark.django_db

# Every hidden title, slug and name carries this word; no public response may contain it.
MARKER = "zorglub"
LANGUAGES = ("fr", "en")


def _texts(label):
    return {
        "title": f"Zorglub {label}",
        "title_fr": f"Zorglub {label} (fr)",
        "title_en": f"Zorglub {label} (en)",
        "slug": f"zorglub-{label}",
        "slug_fr": f"zorglub-{label}-fr",
        "slug_en": f"zorglub-{label}-en",
    }


def _program(home, label, *, publish=True):
    program = ProgramPage(**_texts(label), introduction_fr="Programme caché.", live=False)
    home.add_child(instance=program)
    revision = program.save_revision()
    if publish:
        revision.publish()
        program.refresh_from_db()
    return program


def _project(parent, label, *, publish=True, partners=()):
    project = ProjectPage(
        **_texts(label),
        acronym=f"ZORGLUB-{label.upper()}",
        summary_fr="Un projet caché au Vietnam.",
        summary_en="A hidden project in Vietnam.",
        countries=["VN", "FR", "DZ"],
        start_year=2001,
        live=False,
    )
    parent.add_child(instance=project)
    revision = project.save_revision()
    if publish:
        revision.publish()
        project.refresh_from_db()
    for partner in partners:
        ProjectPartner.objects.create(page=project, partner=partner)
    HomePageFeaturedProject.objects.create(page=HomePage.objects.get(), project=project)
    return project


def _restrict(page, kind):
    if kind == PageViewRestriction.PASSWORD:
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="zorglub-secret")
    else:
        PageViewRestriction.objects.create(page=page, restriction_type=kind)


def create_hidden_content():
    """Hidden pages and partners of every kind, linked from public content. Returns their URLs."""
    home = HomePage.objects.get()
    program = ProgramPage.objects.live().get(slug_en="migration-and-integration")
    public_partner = Partner.objects.filter(live=True).order_by("pk").first()

    draft_partner = Partner.objects.create(
        name="Zorglub draft partner", name_fr="Zorglub partenaire brouillon", acronym="ZORGLUB-P", live=False
    )
    draft_partner.save_revision()
    unpublished_partner = Partner.objects.create(
        name="Zorglub unpublished partner", name_fr="Zorglub partenaire dépublié", acronym="ZORGLUB-U"
    )
    unpublished_partner.save_revision().publish()
    unpublished_partner.refresh_from_db()
    unpublished_partner.unpublish()
    # Links from a public project to partners visitors may not see.
    public_project = ProjectPage.objects.live().get(acronym="SAARA")
    for partner in (draft_partner, unpublished_partner):
        ProjectPartner.objects.create(page=public_project, partner=partner)
    partners = (public_partner, draft_partner)

    # A draft program whose project is published; a draft project; a project published then withdrawn.
    draft_program = _program(home, "draft-program", publish=False)
    hidden = [draft_program, _project(draft_program, "under-draft-program", partners=partners)]
    hidden.append(_project(program, "draft-project", publish=False, partners=partners))
    unpublished = _project(program, "unpublished-project", partners=partners)
    unpublished.unpublish()
    hidden.append(unpublished)
    assert not Partner.objects.filter(name__icontains=MARKER, live=True).exists()
    # Private programs (the projects under them are private too) and private projects.
    for kind in (PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN):
        private_program = _program(home, f"{kind}-program")
        _restrict(private_program, kind)
        hidden += [private_program, _project(private_program, f"under-{kind}-program", partners=partners)]
        private_project = _project(program, f"{kind}-project", partners=partners)
        _restrict(private_project, kind)
        hidden.append(private_project)

    # Unpublished changes to live pages and partners stay in their revisions.
    for page in (program.specific, public_project):
        page.title_fr = page.title_en = "Zorglub unpublished change"
        page.save_revision()
    public_partner.name_fr = public_partner.name_en = "Zorglub unpublished change"
    public_partner.save_revision()

    urls = {}
    for page in hidden:
        for language in LANGUAGES:
            with translation.override(language):
                urls[page.specific.get_url()] = page
    return urls


def public_urls(client):
    """Every public page in both languages, read from the sitemap, and the other public reads."""
    sitemap = client.get("/sitemap-pages.xml")
    urls = sorted(
        {re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)}
    )
    assert len(urls) > 60  # the demo site: home, programs, projects, listings, in two languages
    urls += [
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/robots.txt",
        "/fr/feed/",
        "/en/feed/",
        "/fr/no-such-page/",
        "/en/no-such-page/",
    ]
    for language, listing, program in (
        ("fr", "projets", "migrations-et-integration"),
        ("en", "projects", "migrations-et-integration"),
    ):
        urls += [
            f"/{language}/{listing}/?page=2",
            f"/{language}/{listing}/?program={program}",
            f"/{language}/{listing}/?country=VN",
            f"/{language}/{listing}/?country=DZ&status=current",
            f"/{language}/{listing}/?status=archived",
            f"/{language}/search/?q=zorglub",
            f"/{language}/search/?q=Vietnam",
            f"/{language}/search/?q=projet+project+Vietnam&page=2",
        ]
    return urls


def test_nothing_hidden_shows_anywhere_public():
    client = Client()
    urls = public_urls(client)
    before = {url: client.get(url).content for url in urls}

    hidden_urls = create_hidden_content()
    # The hidden pages exist and are what they should be: the rule, not a typo, hides them.
    assert len(hidden_urls) == 2 * 10
    assert not public_pages().filter(title__icontains=MARKER).exists()

    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        if MARKER not in url:  # a search for the marker rightly repeats the query
            assert MARKER not in body.lower(), f"{url} shows hidden content"
        for hidden_url in hidden_urls:
            assert hidden_url not in body, f"{url} links to {hidden_url}"
        # Listing totals, facet counts, related projects, feeds and JSON-LD are all unchanged.
        assert response.content == before[url], f"{url} changed when hidden content was added"


def test_hidden_pages_answer_visitors_without_their_content():
    client = Client()
    for url, page in create_hidden_content().items():
        response = client.get(url)
        restriction = PageViewRestriction.objects.filter(
            page__path__in=[page.path[:length] for length in range(4, len(page.path) + 1, 4)]
        ).first()
        if restriction is None:
            # A draft, a withdrawn page, or a live project under a draft program: not served.
            assert response.status_code == 404, url
        elif restriction.restriction_type == PageViewRestriction.LOGIN:
            assert response.status_code == 302, url
        else:
            assert response.status_code == 200, url
            assert "password" in response.text.lower()
        # The address is the visitor's own (a 404 page may repeat it); the title is not.
        assert "Zorglub" not in response.content.decode(), url
