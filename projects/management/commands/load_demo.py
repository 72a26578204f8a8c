"""Build the demo site from projects/demo/content.json: programs, projects, partners, images.

Creates only what is missing, so a second run changes nothing and an editor's changes
to demo pages are kept. Placeholder images, logos and PDFs are drawn with Pillow.
"""

import io
import json
import unicodedata
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.html import format_html
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from partners.models import Partner, PartnerIndexPage
from projects.models import (
    HomePage,
    HomePageFeaturedProject,
    ProgramPage,
    ProjectArchivePage,
    ProjectDocument,
    ProjectIndexPage,
    ProjectPage,
    ProjectPartner,
)

CONTENT_FILE = Path(__file__).resolve().parents[2] / "demo" / "content.json"
LANGUAGES = ("fr", "en")
# One colour per program, so placeholder images tell the themes apart at a glance.
PROGRAM_COLOURS = {
    "migrations": (31, 95, 139),
    "gender": (140, 45, 96),
    "economic": (32, 110, 74),
    "civil-society": (150, 80, 20),
}
DEFAULT_COLOUR = (70, 70, 90)


def localized(field, values):
    """{"fr": a, "en": b} → {"field_fr": a, "field_en": b}."""
    return {f"{field}_{language}": values.get(language, "") for language in LANGUAGES}


def paragraphs(texts):
    return [("paragraph", RichText(format_html("<p>{}</p>", text))) for text in texts]


class Command(BaseCommand):
    help = "Load the demo content (programs, projects, partners) into an empty or partly built site."

    def handle(self, *args, **options):
        self.content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        self.created = 0
        with transaction.atomic():
            home = self.load_home()
            partners = self.load_partners()
            indexes = self.load_indexes(home)
            programs = self.load_programs(home)
            projects = self.load_projects(programs, partners)
            self.load_featured(home, projects)
        self.stdout.write(
            f"Demo content: {len(programs)} programs, {len(projects)} projects, "
            f"{len(partners)} partners, {len(indexes)} index pages; {self.created} objects created."
        )
        self.create_admin()
        self.stdout.write(self.style.SUCCESS("Demo site ready: http://127.0.0.1:8000/"))

    # Pages -----------------------------------------------------------------

    def load_home(self):
        data = self.content["home"]
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(
                title=data["title"]["fr"],
                slug="accueil",
                **localized("title", data["title"]),
                slug_fr="accueil",
                slug_en="home",
                **localized("introduction", data["introduction"]),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.note("home page", home.title)
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.save()
            # Wagtail's "Welcome" page is replaced by the home page; anything else is kept.
            if type(old_root.specific) is Page and not old_root.get_children().exists():
                old_root.delete()
        return home

    def create_page(self, parent, page, label):
        """Add `page` under `parent` unless a child there already has its French slug."""
        existing = parent.get_children().filter(slug_fr=page.slug_fr).first()
        if existing is not None:
            return existing.specific
        page.title = page.title_fr
        page.slug = page.slug_fr
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.note(label, page.title_fr)
        return page

    def load_indexes(self, home):
        kinds = {
            "projects": ProjectIndexPage,
            "archive": ProjectArchivePage,
            "partners": PartnerIndexPage,
        }
        pages = {}
        for key, model in kinds.items():
            data = self.content["indexes"][key]
            page = model(
                **localized("title", data["title"]),
                **localized("slug", data["slug"]),
                **localized("introduction", data["introduction"]),
                show_in_menus=True,
            )
            pages[key] = self.create_page(home, page, "index page")
        return pages

    def load_programs(self, home):
        programs = {}
        for data in self.content["programs"]:
            colour = PROGRAM_COLOURS.get(data["key"], DEFAULT_COLOUR)
            page = ProgramPage(
                **localized("title", data["title"]),
                **localized("slug", data["slug"]),
                **localized("introduction", data["introduction"]),
                body_fr=paragraphs(data["body"]["fr"]),
                body_en=paragraphs(data["body"]["en"]),
                dac_sector=data.get("dac_sector", ""),
            )
            if not home.get_children().filter(slug_fr=page.slug_fr).exists():
                page.image = self.placeholder_image(
                    f"Programme : {data['title']['fr']}", data["title"]["fr"], colour
                )
            programs[data["key"]] = self.create_page(home, page, "program")
        return programs

    def load_projects(self, programs, partners):
        projects = {}
        for data in self.content["projects"]:
            program = programs[data["program"]]
            start, end = data.get("start") or {}, data.get("end") or {}
            page = ProjectPage(
                acronym=data["acronym"],
                **localized("title", data["title"]),
                **localized("slug", data["slug"]),
                **localized("subtitle", data["subtitle"]),
                **localized("summary", data["summary"]),
                **localized("places", data["places"]),
                body_fr=paragraphs(data["body"]["fr"]),
                body_en=paragraphs(data["body"]["en"]),
                countries=data["countries"],
                start_year=start.get("year"),
                start_month=start.get("month"),
                end_year=end.get("year"),
                end_month=end.get("month"),
                archived=data["archived"],
            )
            if not program.get_children().filter(slug_fr=page.slug_fr).exists():
                name = data["acronym"] or data["title"]["fr"]
                colour = PROGRAM_COLOURS.get(data["program"], DEFAULT_COLOUR)
                page.hero_image = self.placeholder_image(f"Projet : {name}", name, colour)
                for link in data["partners"]:
                    page.partner_links.add(
                        ProjectPartner(partner=partners[link["partner"]], role=link["role"])
                    )
                for document in data["documents"]:
                    page.documents.add(
                        ProjectDocument(
                            document=self.placeholder_pdf(name, document),
                            language=document["language"],
                            **localized("title", document["title"]),
                        )
                    )
            projects[data["key"]] = self.create_page(program, page, "project")
        return projects

    def load_featured(self, home, projects):
        if home.featured_projects.exists():
            return
        featured = [projects[data["key"]] for data in self.content["projects"] if data.get("featured")]
        for order, project in enumerate(featured):
            HomePageFeaturedProject.objects.create(page=home, project=project, sort_order=order)
            self.created += 1
        if featured:
            self.stdout.write(f"  + {len(featured)} featured projects on the home page")

    # Snippets and media ----------------------------------------------------

    def load_partners(self):
        partners = {}
        for data in self.content["partners"]:
            partner = Partner.objects.filter(name_fr=data["name"]["fr"]).first()
            if partner is None:
                partner = Partner.objects.create(
                    name=data["name"]["fr"],
                    **localized("name", data["name"]),
                    acronym=data["acronym"],
                    country=data["country"],
                    **localized(
                        "description",
                        {k: format_html("<p>{}</p>", v) for k, v in data["description"].items()},
                    ),
                    logo=self.placeholder_logo(data["acronym"] or data["name"]["fr"]),
                )
                self.note("partner", partner.name_fr)
            partners[data["key"]] = partner
        return partners

    def placeholder_image(self, title, text, colour):
        image_model = get_image_model()
        image = image_model.objects.filter(title=title).first()
        if image is not None:
            return image
        canvas = PillowImage.new("RGB", (1200, 675), colour)
        draw = ImageDraw.Draw(canvas)
        draw.rectangle((60, 60, 1140, 615), outline=(255, 255, 255), width=4)
        self.draw_centered(draw, canvas.size, text, 64)
        image = image_model(title=title, file=self.png_file(canvas, title))
        image.save()
        self.created += 1
        return image

    def placeholder_logo(self, text):
        image_model = get_image_model()
        title = f"Logo : {text}"
        image = image_model.objects.filter(title=title).first()
        if image is not None:
            return image
        canvas = PillowImage.new("RGB", (320, 160), (245, 245, 240))
        draw = ImageDraw.Draw(canvas)
        draw.ellipse((20, 30, 120, 130), fill=(31, 95, 139))
        self.draw_centered(draw, (canvas.width + 120, canvas.height), text[:12], 28, fill=(20, 20, 20))
        image = image_model(title=title, file=self.png_file(canvas, title))
        image.save()
        self.created += 1
        return image

    def placeholder_pdf(self, name, data):
        document_model = get_document_model()
        title = f"{data['title']['fr']} – {name}"
        document = document_model.objects.filter(title=title).first()
        if document is not None:
            return document
        page = PillowImage.new("RGB", (1240, 1754), (255, 255, 255))
        draw = ImageDraw.Draw(page)
        self.draw_centered(draw, (page.width, 600), data["title"]["en"], 56, fill=(20, 20, 20))
        self.draw_centered(draw, (page.width, 800), name, 40, fill=(60, 60, 60))
        buffer = io.BytesIO()
        page.save(buffer, format="PDF", resolution=150)
        pdf = buffer.getvalue()
        document = document_model(
            title=title, file=ContentFile(pdf, name=f"{slug_name(title)}.pdf"), file_size=len(pdf)
        )
        document.save()
        self.created += 1
        return document

    @staticmethod
    def draw_centered(draw, size, text, font_size, fill=(255, 255, 255)):
        font = ImageFont.load_default(size=font_size)
        # Pillow's bundled font has no accented letters: draw "Dé-chiffrons" as "De-chiffrons".
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).encode("ascii", "ignore").decode()
        lines, line = [], ""
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if line and draw.textlength(candidate, font=font) > size[0] * 0.8:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
        height = font_size * 1.3 * len(lines)
        y = (size[1] - height) / 2
        for text_line in lines:
            width = draw.textlength(text_line, font=font)
            draw.text(((size[0] - width) / 2, y), text_line, font=font, fill=fill)
            y += font_size * 1.3

    @staticmethod
    def png_file(canvas, title):
        buffer = io.BytesIO()
        canvas.save(buffer, format="PNG", optimize=True)
        return ContentFile(buffer.getvalue(), name=f"{slug_name(title)}.png")

    # Account ---------------------------------------------------------------

    def create_admin(self):
        if not getattr(settings, "DEMO_ADMIN_ENABLED", False):
            self.stdout.write("No demo admin account: these settings do not allow one.")
            return
        username, password = "admin", settings.DEMO_ADMIN_PASSWORD
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.note("admin account", username)
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  username: {username}  password: {password}")

    def note(self, kind, label):
        self.created += 1
        self.stdout.write(f"  + {kind}: {label}")


def slug_name(title):
    return slugify(title)[:80] or "placeholder"
