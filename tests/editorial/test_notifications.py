"""Review notifications reach editors and translators by e-mail, each in their own language."""

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from projects.models import ProjectPage

from .conftest import client_for, make_user
from .test_workflow import submit, workflow_action

pytestmark = pytest.mark.django_db


def set_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_new_accounts_get_the_sites_default_language(translator):
    assert UserProfile.get_for_user(translator).preferred_language == "fr"


def test_the_editor_is_told_in_french_and_the_translator_in_english(translator, editor):
    set_language(translator, "en")
    page = ProjectPage.objects.get(acronym="ACIF")

    task_state = submit(client_for(translator), page)
    to_editor = mail_to(editor.email)
    assert len(to_editor) == 1, [message.to for message in mail.outbox]
    assert "soumis" in to_editor[0].subject + to_editor[0].body
    assert page.title in to_editor[0].subject + to_editor[0].body
    assert not mail_to(translator.email)  # nobody is told about their own action

    mail.outbox.clear()
    response = workflow_action(
        client_for(editor), page, task_state, "reject", comment="Please check the dates."
    )
    assert response.status_code in (200, 302)
    to_translator = mail_to(translator.email)
    assert len(to_translator) == 1, [message.to for message in mail.outbox]
    assert "rejected" in to_translator[0].subject.lower()
    assert not mail_to(editor.email)


def test_an_english_speaking_editor_is_told_in_english(translator):
    editor = make_user("editor")
    set_language(editor, "en")
    submit(client_for(translator), ProjectPage.objects.get(acronym="ACIF"))
    (message,) = mail_to(editor.email)
    assert "submitted" in (message.subject + message.body).lower()
    assert "soumis" not in (message.subject + message.body)
