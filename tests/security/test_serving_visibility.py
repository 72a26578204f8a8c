"""Serving obeys the rule listing obeys: a page under an unpublished, private or login-restricted
page is not served to visitors, nor a document that only such pages use; public pages' documents
keep their addresses. Both languages."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from wagtail.models import PageViewRestriction

from projects.models import ProjectDocument
from tests.factories import (
    DocumentFactory,
    EditorFactory,
    ProgramPageFactory,
    ProjectPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "en")


def urls(page):
    result = []
    for language in LANGUAGES:
        with translation.override(language):
            result.append(page.get_url())
    return result


def attach(project, document):
    ProjectDocument.objects.create(page=project, document=document)
    # The reference index is written when the page itself is saved (as a publication does).
    project.save_revision().publish()
    return document


@pytest.fixture
def program():
    return ProgramPageFactory()


def test_a_live_project_under_an_unpublished_program_is_not_served(program):
    project = ProjectPageFactory(parent=program)
    visitor = Client()
    for url in urls(project):
        assert visitor.get(url).status_code == 200, url
    program.unpublish()
    project.refresh_from_db()
    assert project.live
    for url in urls(project):
        assert visitor.get(url).status_code == 404, url


def test_a_project_under_a_never_published_program_is_not_served():
    draft_program = ProgramPageFactory(publish=False)
    project = ProjectPageFactory(parent=draft_program)
    assert project.live
    for url in urls(project):
        assert Client().get(url).status_code == 404, url


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_project_under_a_private_program_asks_for_the_programs_password_or_login(program, kind):
    project = ProjectPageFactory(parent=program)
    restriction = PageViewRestriction.objects.create(
        page=program, restriction_type=kind, password="sesame-42"
    )
    visitor = Client()
    for url in urls(project):
        response = visitor.get(url)
        if kind == PageViewRestriction.PASSWORD:
            assert response.status_code == 200
            assert f"/_util/authenticate_with_password/{restriction.pk}/" in response.text
            assert project.title_fr not in response.text
        else:
            assert response.status_code == 302
            assert "/_util/login/" in response["Location"]


# Documents --------------------------------------------------------------------------------------


def fetch(client, document):
    return client.get(document.url)


def test_a_public_projects_document_keeps_its_address(program):
    document = attach(ProjectPageFactory(parent=program), DocumentFactory())
    response = fetch(Client(), document)
    assert response.status_code == 200


def test_a_draft_projects_document_is_not_served(program):
    project = ProjectPageFactory(parent=program, publish=False)
    document = DocumentFactory()
    ProjectDocument.objects.create(page=project, document=document)
    project.save()  # the draft's row, as Wagtail's create view writes it
    assert fetch(Client(), document).status_code == 404


def test_a_document_of_a_project_under_an_unpublished_program_is_not_served(program):
    document = attach(ProjectPageFactory(parent=program), DocumentFactory())
    assert fetch(Client(), document).status_code == 200
    program.unpublish()
    assert fetch(Client(), document).status_code == 404


def test_a_password_protected_projects_document_needs_the_password(program):
    project = ProjectPageFactory(parent=program)
    document = attach(project, DocumentFactory())
    restriction = PageViewRestriction.objects.create(
        page=project, restriction_type=PageViewRestriction.PASSWORD, password="sesame-42"
    )
    visitor = Client()
    assert fetch(visitor, document).status_code == 404
    passed = visitor.post(
        f"/fr/_util/authenticate_with_password/{restriction.pk}/{project.pk}/",
        {"password": "sesame-42", "return_url": "/fr/"},
    )
    assert passed.status_code == 302
    assert fetch(visitor, document).status_code == 200


def test_a_login_restricted_projects_document_needs_a_signed_in_visitor(program):
    project = ProjectPageFactory(parent=program)
    document = attach(project, DocumentFactory())
    PageViewRestriction.objects.create(page=program, restriction_type=PageViewRestriction.LOGIN)
    assert fetch(Client(), document).status_code == 404
    member = Client()
    member.force_login(UserFactory())
    assert fetch(member, document).status_code == 200


def test_a_group_restricted_projects_document_needs_the_group(program):
    project = ProjectPageFactory(parent=program)
    document = attach(project, DocumentFactory())
    restriction = PageViewRestriction.objects.create(
        page=project, restriction_type=PageViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Board")
    restriction.groups.add(group)
    outsider = Client()
    outsider.force_login(UserFactory())
    assert fetch(outsider, document).status_code == 404
    insider_user = UserFactory()
    insider_user.groups.add(group)
    insider = Client()
    insider.force_login(insider_user)
    assert fetch(insider, document).status_code == 200


def test_a_document_used_by_a_public_and_a_private_page_stays_public(program):
    document = attach(ProjectPageFactory(parent=program), DocumentFactory())
    private = ProjectPageFactory(parent=program)
    attach(private, document)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert fetch(Client(), document).status_code == 200


def test_a_document_no_page_uses_is_served_to_editors_only():
    document = DocumentFactory()
    assert fetch(Client(), document).status_code == 404
    editor = Client()
    editor.force_login(EditorFactory())
    assert fetch(editor, document).status_code == 200


def test_editors_download_a_drafts_document(program):
    project = ProjectPageFactory(parent=program, publish=False)
    document = DocumentFactory()
    ProjectDocument.objects.create(page=project, document=document)
    project.save()
    editor = Client()
    editor.force_login(EditorFactory())
    assert fetch(editor, document).status_code == 200


def test_every_demo_document_of_a_public_page_is_still_served():
    from wagtail.documents import get_document_model

    from editorial.visibility import public_pages

    public_ids = set(public_pages().values_list("pk", flat=True))
    served = 0
    visitor = Client()
    for link in ProjectDocument.objects.select_related("document"):
        if link.page_id in public_ids:
            assert fetch(visitor, link.document).status_code == 200, link.document.url
            served += 1
    assert served > 0
    assert get_document_model().objects.exists()
