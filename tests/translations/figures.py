"""The translation figures the tests expect, read straight from the tables (never from the report).

Whatever content the database holds (the demo's, plus what a test built with tests/factories.py),
these are the numbers the report, the dashboard and `translation_report` must show.
"""

from django.db.models import Q

from projects.models import ProjectPage


def untranslated_projects():
    """Projects whose English summary is empty: the ones left to translate into English."""
    return set(
        ProjectPage.objects.filter(Q(summary_en="") | Q(summary_en__isnull=True)).values_list("pk", flat=True)
    )


def english_projects_sentence():
    """The report's line on projects complete in English, e.g. "English: 13 of 28 projects complete"."""
    total = ProjectPage.objects.count()
    return f"English: {total - len(untranslated_projects())} of {total} projects complete"


def french_projects_sentence():
    """Every project is complete in French (French is required to publish)."""
    total = ProjectPage.objects.count()
    return f"French: {total} of {total} projects complete"
