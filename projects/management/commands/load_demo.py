"""Build the demo site from projects/demo/content.json: programs, projects, partners, images.

Every object it creates is recorded under the stable key it has in the file (DemoRecord), and
found again by that key, never by slug or name. So a second run changes nothing, an editor's
changes to demo objects are kept (renamed, re-slugged, with newer drafts), and what an editor
deleted stays deleted. On a site holding content the demo did not create it refuses to run
unless --force; forced, it saves its pages as drafts for review instead of publishing them.
The well-known demo account is created only with the development settings on SQLite.
Placeholder images are drawn with Pillow; a project's note is a text PDF written with fpdf2
from the project's own text (title, summary, dates, places, partners, description).
"""

import io
import json
import os
import random
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from fpdf import FPDF
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from organisation.models import ContentPage, OrganisationSettings
from partners.models import Partner, PartnerIndexPage
from projects.models import (
    DemoRecord,
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
# Each program's motif (static/images/programs/*.svg, rasterised once into projects/demo/motifs/
# at 480 px on transparency) is drawn on its light tint (site.css); both are in the content file.
MOTIF_FOLDER = Path(__file__).resolve().parents[2] / "demo" / "motifs"
# The site's primary colour (--colour-primary in site.css): the default social image, the note's titles.
SITE_COLOUR = (10, 92, 99)
# Placeholder banners are drawn at the banner's own ratio (2.4:1, see project_page.html), large
# enough for its 1200 px rendition: the program's motif, centred, so cards' and social cards'
# centred crops keep it whole (the default social image is an all-over pattern). Partners get
# no placeholder logo: the directory draws their monogram.
BANNER_SIZE = (1920, 800)
SOCIAL_SIZE = (1200, 630)
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
# What earlier versions of the demo wrote for staff to complete, in public fields.
OLD_PLACEHOLDER = re.compile(r"\[(?:À compléter|To complete)\]")
# An object whose demo record survives it: an editor deleted it, and it stays deleted.
DELETED = object()


def localized(field, values):
    """{"fr": a, "en": b} → {"field_fr": a, "field_en": b}."""
    return {f"{field}_{language}": values.get(language, "") for language in LANGUAGES}


def page_fields(data):
    """The title, slug and introduction of a page in the content file, in both languages."""
    return {
        **localized("title", data["title"]),
        **localized("slug", data["slug"]),
        **localized("introduction", data["introduction"]),
    }


def paragraphs(texts):
    return [("paragraph", RichText(format_html("<p>{}</p>", text))) for text in texts]


def blocks(items):
    """[["heading", text], ["paragraph", text]…] from the content file → body stream blocks."""
    body = []
    for kind, text in items:
        if kind == "heading":
            body.append(("heading", {"text": text, "level": "h2"}))
        else:
            body.extend(paragraphs([text]))
    return body


def tint(colour, amount):
    """`colour` mixed with white (amount > 0) or black (amount < 0)."""
    target = 255 if amount > 0 else 0
    return tuple(round(channel + (target - channel) * abs(amount)) for channel in colour)


def draw_pattern(size, colour, seed):
    """An all-over pattern of overlapping rings in shades of `colour`: no text, no frame, and
    no focal point a crop could cut, so it reads as intended at any ratio and width."""
    rng = random.Random(seed)
    canvas = PillowImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    step = height // 4
    for row in range(-1, height // step + 2):
        for column in range(-1, width // step + 2):
            x = column * step + (step // 2 if row % 2 else 0) + rng.randint(-step // 6, step // 6)
            y = row * step + rng.randint(-step // 6, step // 6)
            radius = rng.randint(step // 3, step)
            shade = tint(colour, rng.choice((0.08, 0.14, -0.10, -0.16)))
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=shade, width=step // 8)
    return canvas


def font_path(name):
    """The path of an installed TrueType font file, or None."""
    for folder in FONT_FOLDERS:
        path = Path(folder) / name
        if path.exists():
            return path
    return None


def project_note_pdf(language, labels, title, facts, summary, paragraphs):
    """A project note as a real text PDF, A4, in `language`: selectable, searchable text with
    the document's title and language in its metadata, so screen readers and search engines
    read it. `facts` is [(label, value)], empty values left out. Set in DejaVu Sans when
    installed (`make fonts`), else in the PDF's built-in Helvetica (Latin-1 only)."""
    pdf = FPDF(format="A4")
    pdf.set_lang(language)
    pdf.set_title(title)
    pdf.set_subject(labels["note"])
    pdf.set_creator("load_demo")
    pdf.set_display_mode("fullwidth")
    pdf.set_margins(22, 22, 22)
    pdf.set_auto_page_break(True, margin=22)
    regular, bold = font_path("DejaVuSans.ttf"), font_path("DejaVuSans-Bold.ttf")
    family = "Body" if regular and bold else "helvetica"
    if family == "Body":
        pdf.add_font("Body", "", str(regular))
        pdf.add_font("Body", "B", str(bold))

    def text(value):
        if family == "Body":
            return value
        value = value.replace("\u2019", "'").replace("\u2013", "-").replace("\u2026", "...")
        return value.encode("latin-1", "replace").decode("latin-1")

    def write(value, size, height, style="B", colour=(20, 20, 20), width=0):
        pdf.set_text_color(*colour)
        pdf.set_font(family, style, size)
        pdf.multi_cell(width or pdf.epw, height, text(value), new_x="LMARGIN", new_y="NEXT", align="L")

    pdf.add_page()
    write(labels["note"].upper(), 10, 6, colour=SITE_COLOUR)
    pdf.ln(2)
    write(title, 20, 9)
    pdf.ln(3)
    pdf.set_draw_color(*SITE_COLOUR)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 30, pdf.get_y())
    pdf.ln(5)
    for label, value in facts:
        if value:
            pdf.set_font(family, "B", 10)
            pdf.cell(34, 6, text(label))
            write(value, 10, 6, style="", width=pdf.epw - 34)
    if summary:
        pdf.ln(4)
        write(summary, 12, 6.5)
    if paragraphs:
        pdf.ln(5)
        write(labels["description"], 13, 8, colour=SITE_COLOUR)
        for paragraph in paragraphs:
            write(paragraph, 11, 6, style="")
            pdf.ln(3)
    return bytes(pdf.output())


def draw_motif(size, motif, tint_colour):
    """The motif centred on its tint, at 70 % of the image's height: a centred crop
    (cards at 16:9, banners at 2.4:1, social cards) always keeps it whole."""
    canvas = PillowImage.new("RGB", size, tuple(tint_colour))
    with PillowImage.open(MOTIF_FOLDER / f"{motif}.png") as image:
        side = round(size[1] * 0.7)
        image = image.convert("RGBA").resize((side, side), PillowImage.LANCZOS)
        canvas.paste(image, ((size[0] - side) // 2, (size[1] - side) // 2), image)
    return canvas


class Command(BaseCommand):
    help = "Load the demo content (programs, projects, partners) into an empty site or one it built itself."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even on a site holding content the demo did not create, and recreate demo objects "
            "an editor deleted. Pages are then saved as drafts for review, not published.",
        )
        parser.add_argument(
            "--address",
            default=os.environ.get("ADDRESS", "127.0.0.1:8000"),
            help="The address the server listens on, for the printed links "
            "(default: ADDRESS, else 127.0.0.1:8000).",
        )

    def handle(self, *args, **options):
        self.content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        self.force = options["force"]
        self.created = 0
        self.deleted = []
        self.records = {record.key: record for record in DemoRecord.objects.select_related("content_type")}
        foreign = foreign_content(self.records.values())
        if foreign and not self.force:
            raise CommandError(
                _(
                    "This site already holds content the demo did not create (%(counts)s). load_demo only "
                    "fills an empty site or one it built itself, so that it never mixes with real work. "
                    "Run it with --force to add the demo content anyway: its pages are then saved as drafts "
                    "for review."
                )
                % {"counts": ", ".join(f"{label}: {count}" for label, count in foreign.items())}
            )
        # Published straight away only on a site holding nothing but the demo.
        self.publish = not foreign
        with transaction.atomic():
            home = self.load_home()
            if home is None:
                partners, indexes, programs, projects = {}, {}, {}, {}
            else:
                partners = self.load_partners()
                indexes = self.load_indexes(home)
                programs = self.load_programs(home)
                projects = self.load_projects(programs, partners)
                self.load_featured(home, projects)
                pages = self.load_content_pages(home)
                self.load_organisation(home, pages)
                self.retire_placeholders()
        self.stdout.write(
            f"Demo content: {len(programs)} programs, {len(projects)} projects, "
            f"{len(partners)} partners, {len(indexes)} index pages; {self.created} objects created."
        )
        if self.deleted:
            self.stdout.write(
                _("Left deleted (an editor deleted them; --force recreates them as drafts): %(keys)s")
                % {"keys": ", ".join(self.deleted)}
            )
        address = server_address(options["address"])
        self.create_admin(address)
        self.stdout.write(self.style.SUCCESS(f"Demo site ready: http://{address}/"))

    # Demo records ------------------------------------------------------------

    def existing(self, key):
        """The demo object recorded under `key`; None when it is to be created; DELETED when
        an editor deleted it (and --force was not given)."""
        record = self.records.get(key)
        if record is None:
            return None
        model = record.content_type.model_class()
        found = model._default_manager.filter(pk=record.object_id).first() if model else None
        if found is not None:
            return found.specific if isinstance(found, Page) else found
        if self.force:
            return None
        if key not in self.deleted:  # looked up again by retire_placeholders()
            self.deleted.append(key)
        return DELETED

    def remember(self, key, obj):
        content_type = ContentType.objects.get_for_model(obj)
        self.records[key], _created = DemoRecord.objects.update_or_create(
            key=key, defaults={"content_type": content_type, "object_id": obj.pk}
        )

    # Pages -----------------------------------------------------------------

    def load_home(self):
        data = self.content["home"]
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = self.existing("home")
        if home is DELETED:
            self.stdout.write(_("The demo home page was deleted: nothing is added under it."))
            return None
        self.home_created = False
        if home is None:
            # A home page the site already had (forced run) is used, not recorded as the demo's.
            home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(
                title=data["title"]["fr"],
                slug="accueil",
                slug_fr="accueil",
                slug_en="home",
                **localized("title", data["title"]),
                **localized("introduction", data["introduction"]),
            )
            root.add_child(instance=home)
            revision = home.save_revision()
            if self.publish:
                revision.publish()
            self.remember("home", home)
            self.home_created = True
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

    def create_page(self, parent, page, key, label, live=True):
        """Add `page` under `parent` and record it under `key`; None when its slug is taken there.
        `live=False` keeps it a draft (a page whose facts only staff can give)."""
        slugs = Q(slug_fr=page.slug_fr) | Q(slug_en=page.slug_en) | Q(slug=page.slug_fr)
        if parent.get_children().filter(slugs).exists():
            self.stdout.write(
                self.style.WARNING(
                    _("Not created: %(label)s “%(title)s”, its address is taken by another page.")
                    % {"label": label, "title": page.title_fr}
                )
            )
            return None
        page.title = page.title_fr
        page.slug = page.slug_fr
        # Recreated after an editor deleted it, or added beside real content: a draft for review.
        publish = live and self.publish and key not in self.records and parent.live
        if not publish:
            page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        self.remember(key, page)
        self.note(label, page.title_fr)
        return page

    def load_pages(self, parent, entries, prefix, label, build):
        """{entry key: page} of the entries' pages under `parent`, each built by `build(data)`
        unless recorded already (an entry with `"live": false` stays a draft)."""
        pages = {}
        for data in entries:
            key = f"{prefix}:{data['key']}"
            found = self.existing(key)
            if found is None:
                found = self.create_page(parent, build(data), key, label, live=data.get("live", True))
            if found not in (None, DELETED):
                pages[data["key"]] = found
        return pages

    def load_indexes(self, home):
        kinds = {"projects": ProjectIndexPage, "archive": ProjectArchivePage, "partners": PartnerIndexPage}
        entries = [{"key": kind, **self.content["indexes"][kind]} for kind in kinds]
        return self.load_pages(
            home,
            entries,
            "index",
            "index page",
            lambda data: kinds[data["key"]](**page_fields(data), show_in_menus=True),
        )

    def load_content_pages(self, home):
        """About, Contact, Legal notice, Privacy, by their role in the organisation settings.
        Contact, Legal notice and Privacy need facts only staff can give (address, publisher,
        host, data processing): they stay drafts, with no placeholder text, until staff write
        and publish them (the admin's go-live checklist says so)."""
        pages = self.load_pages(
            home,
            self.content["pages"],
            "page",
            "content page",
            lambda data: ContentPage(
                **page_fields(data), body_fr=blocks(data["body"]["fr"]), body_en=blocks(data["body"]["en"])
            ),
        )
        return {data["role"]: pages[data["key"]] for data in self.content["pages"] if data["key"] in pages}

    def load_organisation(self, home, pages):
        """The organisation settings of the site, only where staff have not filled them in:
        the seed's tagline, no name (the header shows the tagline in its place until staff give
        it), the footer pages, a default social image."""
        site = Site.objects.filter(root_page=home).first()
        if site is None or OrganisationSettings.objects.filter(site=site).exists():
            return
        data = self.content["organisation"]
        organisation = OrganisationSettings(
            site=site,
            name=data["name"]["fr"],
            **localized("name", data["name"]),
            **localized("tagline", data["tagline"]),
            default_social_image=self.placeholder_image(
                "image:social-default", "Image de partage par défaut (à remplacer)", SOCIAL_SIZE
            ),
            **pages,
        )
        organisation.save()
        self.remember("settings:organisation", organisation)
        self.note("organisation settings", organisation.name_fr or organisation.tagline_fr)

    def retire_placeholders(self):
        """On a database an earlier demo built: take back what it wrote for staff in public fields.

        Only where the demo's own text is still there: a name still "[À compléter] …" is emptied
        (the tagline stands in); a content page nobody has edited (every revision saved by this
        command) that still shows a placeholder gets the current text, and Contact, Legal notice
        and Privacy go back to drafts; a partner still showing the demo's drawn logo gets its
        monogram instead; a project the file now gives no body (the archived projects the
        organisation only names) loses the one-paragraph body an earlier demo gave it, which said
        its summary again. Anything an editor touched is left as it is.
        """
        record = self.records.get("settings:organisation")
        organisation = OrganisationSettings.objects.filter(pk=record.object_id).first() if record else None
        names = ("name_fr", "name_en") if organisation is not None else ()
        changed = [name for name in names if OLD_PLACEHOLDER.search(getattr(organisation, name) or "")]
        if changed:
            for name in changed:
                setattr(organisation, name, "")
            organisation.name = organisation.name_fr
            organisation.save()
            self.stdout.write("  ~ organisation name: placeholder removed")
        for data in self.content["pages"]:
            page = self.existing(f"page:{data['key']}")
            if page in (None, DELETED) or page.revisions.exclude(user=None).exists():
                continue
            latest = page.get_latest_revision()
            if latest is None or not OLD_PLACEHOLDER.search(json.dumps(latest.content, ensure_ascii=False)):
                continue
            for field, value in localized("introduction", data["introduction"]).items():
                setattr(page, field, value)
            page.body_fr = blocks(data["body"]["fr"])
            page.body_en = blocks(data["body"]["en"])
            revision = page.save_revision()
            if data.get("live", True):
                revision.publish()
            elif page.live:
                page.unpublish()
            self.stdout.write(f"  ~ content page: {page.title_fr}, placeholders removed")
        for data in self.content["partners"]:
            partner = self.existing(f"partner:{data['key']}")
            logo = self.records.get(f"logo:partner:{data['key']}")
            if partner in (None, DELETED) or logo is None or partner.logo_id != logo.object_id:
                continue
            if partner.has_unpublished_changes:  # an editor's draft: left to them
                continue
            partner.logo = None
            partner.save_revision().publish()
            self.stdout.write(f"  ~ partner: {partner.name_fr}, drawn logo replaced by its monogram")
        for data in self.content["projects"]:
            if data["body"]["fr"] or data["body"]["en"]:
                continue
            page = self.existing(f"project:{data['key']}")
            if page in (None, DELETED) or page.revisions.exclude(user=None).exists():
                continue
            # Published again only when the page showed its latest revision (the draft may be the page).
            publish = page.live and not page.has_unpublished_changes
            draft = page.get_latest_revision_as_object()
            if not (draft.body_fr or draft.body_en) or len(draft.body_fr) + len(draft.body_en) > 1:
                continue
            draft.body_fr = draft.body_en = []
            revision = draft.save_revision()
            if publish:
                revision.publish()
            self.stdout.write(f"  ~ project: {page.title_fr}, its summary no longer repeated in its body")

    def load_programs(self, home):
        # No placeholder image: the program's drawn motif stands for it (site.css).
        return self.load_pages(
            home,
            self.content["programs"],
            "program",
            "program",
            lambda data: ProgramPage(
                **page_fields(data),
                body_fr=paragraphs(data["body"]["fr"]),
                body_en=paragraphs(data["body"]["en"]),
                dac_sector=data.get("dac_sector", ""),
                motif=data.get("motif", ""),
            ),
        )

    def load_projects(self, programs, partners):
        projects = {}
        for data in self.content["projects"]:
            key = f"project:{data['key']}"
            found = self.existing(key)
            program = programs.get(data["program"])
            if found is None and program is not None:
                found = self.create_project(key, data, program, partners)
            if found not in (None, DELETED):
                projects[data["key"]] = found
        return projects

    def create_project(self, key, data, program, partners):
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
        name = data["acronym"] or data["title"]["fr"]
        program_data = next(item for item in self.content["programs"] if item["key"] == data["program"])
        page.hero_image = self.placeholder_image(
            f"image:{key}", f"Projet : {name} (image d’illustration)", program=program_data
        )
        for link in data["partners"]:
            # A partner an editor deleted is not linked again.
            if link["partner"] in partners:
                page.partner_links.add(ProjectPartner(partner=partners[link["partner"]], role=link["role"]))
        for number, document in enumerate(data["documents"]):
            page.documents.add(
                ProjectDocument(
                    document=self.project_note(
                        f"document:{key}:{number}", name, document, data, page, program
                    ),
                    language=document["language"],
                    **localized("title", document["title"]),
                )
            )
        return self.create_page(program, page, key, "project")

    def load_featured(self, home, projects):
        # Only on a home page created now: the featured projects of an existing home are the
        # editors' choice, and changing them here would bypass its drafts and review.
        if not self.home_created or home.featured_projects.exists():
            return
        featured = [
            projects[data["key"]]
            for data in self.content["projects"]
            if data.get("featured") and data["key"] in projects
        ]
        for order, project in enumerate(featured):
            HomePageFeaturedProject.objects.create(page=home, project=project, sort_order=order)
            self.created += 1
        if featured:
            self.stdout.write(f"  + {len(featured)} featured projects on the home page")

    # Snippets and media ----------------------------------------------------

    def load_partners(self):
        partners = {}
        for data in self.content["partners"]:
            key = f"partner:{data['key']}"
            partner = self.existing(key)
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
                )
                self.remember(key, partner)
                self.note("partner", partner.name_fr)
            if partner is not DELETED:
                partners[data["key"]] = partner
        return partners

    def recorded_media(self, key):
        """A placeholder image or document recorded under `key`, if it still exists."""
        found = self.existing(key)
        if found is DELETED:
            # Needed again by a new page: drawn again rather than left missing.
            self.deleted.remove(key)
            return None
        return found

    def placeholder_image(self, key, title, size=BANNER_SIZE, program=None):
        """A project's program motif on its tint; rings in the site's colour without a motif."""
        image = self.recorded_media(key)
        if image is not None:
            return image
        if program and program.get("motif"):
            canvas = draw_motif(size, program["motif"], program["tint"])
        else:
            canvas = draw_pattern(size, SITE_COLOUR, key)
        buffer = io.BytesIO()
        canvas.save(buffer, format="PNG", optimize=True)
        file = ContentFile(buffer.getvalue(), name=f"{slug_name(title)}.png")
        image = get_image_model()(title=title, file=file)
        image.save()
        self.remember(key, image)
        self.created += 1
        return image

    def project_note(self, key, name, document_data, data, page, program):
        """The project's note: a text PDF written from the project's own text, in the
        document's language (the other language's text where that one is empty)."""
        document = self.recorded_media(key)
        if document is not None:
            return document
        language = document_data["language"]
        other = "fr" if language == "en" else "en"

        def pick(values):
            return values.get(language) or values.get(other) or ""

        labels = self.content["note_labels"][language]
        with translation.override(language):
            period = page.period
            countries = ", ".join(str(country.name) for country in page.countries)
        partners = ", ".join(
            pick(partner["name"])
            for link in data["partners"]
            for partner in self.content["partners"]
            if partner["key"] == link["partner"]
        )
        facts = [
            (labels["dates"], period),
            (labels["program"], getattr(program, f"title_{language}") or program.title_fr),
            (labels["countries"], countries),
            (labels["places"], pick(data["places"])),
            (labels["partners"], partners),
        ]
        heading = pick(data["title"])
        if data["acronym"] and data["acronym"] not in heading:
            heading = f"{data['acronym']} – {heading}"
        pdf = project_note_pdf(
            language,
            labels,
            heading,
            facts,
            pick(data["summary"]),
            data["body"].get(language) or data["body"][other],
        )
        title = f"{document_data['title']['fr']} – {name}"
        document = get_document_model()(
            title=title, file=ContentFile(pdf, name=f"{slug_name(title)}.pdf"), file_size=len(pdf)
        )
        document.save()
        self.remember(key, document)
        self.created += 1
        return document

    # Account ---------------------------------------------------------------

    def create_admin(self, address):
        """The well-known local account: only with the development settings, on SQLite."""
        if not getattr(settings, "DEMO_ADMIN_ENABLED", False):
            self.stdout.write(_("No demo admin account: these settings do not allow one."))
            return
        vendor = database_vendor()
        if vendor != "sqlite":
            self.stdout.write(
                _(
                    "No demo admin account: it is created only on a local SQLite database, "
                    "never on %(vendor)s."
                )
                % {"vendor": vendor}
            )
            return
        username, password = "admin", settings.DEMO_ADMIN_PASSWORD
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.note("admin account", username)
        self.stdout.write(f"Admin: http://{address}/admin/  username: {username}  password: {password}")

    def note(self, kind, label):
        self.created += 1
        self.stdout.write(f"  + {kind}: {label}")


def foreign_content(records):
    """What the site holds that the demo did not create: {"pages": n, ...}, counts above zero only.

    Wagtail's own untyped pages (the root, the welcome page) do not count.
    """
    querysets = {
        "pages": Page.objects.filter(depth__gt=1).exclude(
            content_type=ContentType.objects.get_for_model(Page)
        ),
        "partners": Partner.objects.all(),
        "images": get_image_model().objects.all(),
        "documents": get_document_model().objects.all(),
    }
    # A record's model may be gone (its app removed): it then recorded nothing counted here.
    models = {record: record.content_type.model_class() or object for record in records}
    counts = {}
    for label, queryset in querysets.items():
        ids = {record.object_id for record, model in models.items() if issubclass(model, queryset.model)}
        count = queryset.exclude(pk__in=ids).count()
        if count:
            counts[label] = count
    return counts


def database_vendor():
    """The default database's engine ("sqlite", "postgresql"): the demo account needs SQLite."""
    return connection.vendor


def server_address(address):
    """The host:port to print for runserver's `address` argument ("8001" alone means 127.0.0.1:8001)."""
    address = address.strip()
    if address.isdigit():
        return f"127.0.0.1:{address}"
    if address.startswith(("0.0.0.0:", "[::]:")):
        # Listening on every interface: this machine reaches it at 127.0.0.1.
        return "127.0.0.1:" + address.rsplit(":", 1)[1]
    return address


def slug_name(title):
    return slugify(title)[:80] or "placeholder"
