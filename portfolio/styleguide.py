"""The style guide: every component of the public site on one page, for designers and developers.

Served at /<language>/styleguide/ only when DEBUG is on (`make run`); a 404 in production, where
it would only be a page for robots to find. It renders the real templates with real content.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from projects.models import ProjectPage, attach_programs

# The program motifs (static/images/programs/), each on its program's colour (site.css).
MOTIFS = [
    (key, f"images/programs/{key}.svg", label)
    for key, label in [
        ("migration", _("Migration and integration")),
        ("gender-equality", _("Gender equality and violence against women")),
        ("economic-integration", _("Economic and professional integration")),
        ("civil-society", _("Civil society strengthening")),
    ]
]
COLOURS = [
    ("primary", "--color-primary", "#0a5c63"),
    ("text", "--color-text", "#1f2a33"),
    ("surface", "--color-surface", "#f6f4ef"),
    ("focus", "--color-focus", "#b34700"),
    ("migration", "--program-migration", "#1f5f8b"),
    ("gender", "--program-gender", "#8c2d60"),
    ("economic", "--program-economic", "#206e4a"),
    ("civil-society", "--program-civil-society", "#965014"),
]
TYPE_SCALE = ["display", "h1", "h2", "xl", "lg", "base", "sm", "xs"]
SPACES = range(1, 8)


def styleguide(request):
    if not settings.DEBUG:
        raise Http404
    project = ProjectPage.objects.live().public().exclude(hero_image=None).order_by("pk").first()
    if project is not None:
        attach_programs([project])  # the card shows its program's name and colour
    partners = list(Partner.objects.filter(live=True).order_by("pk")[:4])
    return render(
        request,
        "styleguide.html",
        {
            "sample_project": project,
            "sample_partners": partners,
            "motifs": MOTIFS,
            "colours": COLOURS,
            "type_scale": TYPE_SCALE,
            "spaces": SPACES,
        },
    )
