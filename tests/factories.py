"""Factories for the tests: pages, partners, images, documents and users per editorial role.

Tests build what they check instead of relying on the demo's exact content. Pages are created
as Wagtail creates them (`parent.add_child`), in French (the default language), with a title
and slug in each language; pass `title_en=""` for a page not translated yet. A page is
published (a live revision) unless built with `publish=False`, which leaves a draft.

    program = ProgramPageFactory()
    project = ProjectPageFactory(parent=program, summary_fr="Résumé", summary_en="")
    to_translate = UntranslatedProjectFactory()  # French summary and body, no English yet
    editor = EditorFactory()
"""

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from organisation.models import ContentPage
from partners.models import Partner, PartnerIndexPage, PartnerRole
from projects.models import HomePage, ProgramPage, ProjectPage, ProjectPartner

# The editorial roles' groups (editorial/migrations/0001_roles.py).
ROLE_GROUPS = {"translator": "Translators", "editor": "Editors", "administrator": "Administrators"}
PASSWORD = "secret-password-1"


class UserFactory(DjangoModelFactory):
    """A user with no group: no right beyond logging in to the public site."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"user-{number}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)
    role = None

    @classmethod
    def _create(cls, model_class, *args, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        return user


class TranslatorFactory(UserFactory):
    """Only the Translators group's rights (never a superuser), as every role below."""

    username = factory.Sequence(lambda number: f"translator-{number}")
    role = "translator"


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda number: f"editor-{number}")
    role = "editor"


class AdministratorFactory(UserFactory):
    username = factory.Sequence(lambda number: f"administrator-{number}")
    role = "administrator"


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda number: f"Image {number}")
    file = factory.django.ImageField(width=1200, height=800, color="teal", filename="photo.jpg")


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda number: f"Document {number}")
    file = factory.django.FileField(data=b"%PDF-1.4\n%%EOF\n", filename="note.pdf")


def home_page():
    """The site's home page (the one the test database's site serves)."""
    return HomePage.objects.get()


class PageFactory(DjangoModelFactory):
    """A page under `parent`, titled and slugged in each language, published unless publish=False."""

    class Meta:
        abstract = True

    parent = factory.LazyFunction(home_page)
    publish = True
    title_fr = factory.Sequence(lambda number: f"Page {number}")
    title_en = factory.LazyAttribute(lambda page: f"{page.title_fr} (en)")
    slug_fr = factory.LazyAttribute(lambda page: slugify(page.title_fr))
    slug_en = factory.LazyAttribute(lambda page: slugify(page.title_en or page.title_fr) + "-en")

    @classmethod
    def _create(cls, model_class, *args, parent, publish, **kwargs):
        # Built in the default language: `title` and `slug` read the French columns.
        with translation.override(settings.LANGUAGE_CODE):
            page = model_class(*args, live=publish, **kwargs)
            parent.add_child(instance=page)
            revision = page.save_revision()
            if publish:
                revision.publish()
                page.refresh_from_db()
        return page

    @classmethod
    def _build(cls, model_class, *args, parent, publish, **kwargs):
        return model_class(*args, **kwargs)


class ProgramPageFactory(PageFactory):
    class Meta:
        model = ProgramPage

    title_fr = factory.Sequence(lambda number: f"Programme {number}")
    title_en = factory.LazyAttribute(lambda page: page.title_fr.replace("Programme", "Program"))
    introduction_fr = "Une présentation du programme."
    introduction_en = "An introduction to the program."


class ProjectPageFactory(PageFactory):
    """A running project, complete in both languages unless told otherwise."""

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True

    parent = factory.SubFactory(ProgramPageFactory)
    title_fr = factory.Sequence(lambda number: f"Projet {number}")
    title_en = factory.LazyAttribute(lambda page: page.title_fr.replace("Projet", "Project"))
    acronym = factory.Sequence(lambda number: f"PRJ{number}")
    summary_fr = "Un résumé du projet."
    summary_en = "A summary of the project."
    countries = ["SN"]
    start_year = 2024

    @factory.post_generation
    def partners(page, create, partners, **kwargs):
        """`partners=[partner, (funder, PartnerRole.FUNDER)]`: the project's partners and roles."""
        if not create or not partners:
            return
        for position, item in enumerate(partners):
            partner, role = item if isinstance(item, tuple) else (item, PartnerRole.PARTNER)
            ProjectPartner.objects.create(page=page, partner=partner, role=role, sort_order=position)


class UntranslatedProjectFactory(ProjectPageFactory):
    """A project written in French only, as the translators find one: its title in both
    languages, its French summary and body (two paragraphs) waiting for their English."""

    title_fr = factory.Sequence(lambda number: f"Projet à traduire {number}")
    title_en = factory.LazyAttribute(
        lambda page: page.title_fr.replace("Projet à traduire", "Project to translate")
    )
    acronym = ""
    summary_fr = factory.LazyAttribute(
        lambda page: f"Résumé du projet « {page.title_fr} », en français seulement."
    )
    summary_en = ""
    body_fr = factory.LazyAttribute(
        lambda page: [
            ("paragraph", RichText(f"<p>Le projet « {page.title_fr} » est décrit ici en français.</p>")),
            ("paragraph", RichText("<p>Sa version anglaise reste à écrire.</p>")),
        ]
    )
    body_en = factory.LazyFunction(list)


class PartnerIndexPageFactory(PageFactory):
    class Meta:
        model = PartnerIndexPage

    title_fr = "Partenaires et financeurs"
    title_en = "Partners and funders"


class ContentPageFactory(PageFactory):
    class Meta:
        model = ContentPage

    title_fr = factory.Sequence(lambda number: f"À propos {number}")
    title_en = factory.Sequence(lambda number: f"About {number}")
    introduction_fr = "Une introduction."
    introduction_en = "An introduction."


class PartnerFactory(DjangoModelFactory):
    """A published partner organisation, named in both languages."""

    class Meta:
        model = Partner

    name_fr = factory.Sequence(lambda number: f"Association {number}")
    name_en = factory.Sequence(lambda number: f"Organisation {number}")
    acronym = factory.Sequence(lambda number: f"A{number}")
    country = "FR"
    description_fr = "<p>Une association.</p>"
    description_en = "<p>An association.</p>"
    live = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            partner = model_class(*args, **kwargs)
            partner.save()
            if partner.live:
                partner.save_revision().publish()
        return partner
