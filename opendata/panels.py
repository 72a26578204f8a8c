"""The admin's word on whether a project is in the IATI file, and why not (on its edit form)."""

from django.utils import timezone
from wagtail.admin.panels import Panel


class IatiStatusPanel(Panel):
    """Says whether the project, as last saved, is in the IATI file, or what keeps it out."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "opendata/panels/iati_status.html"

        def get_context_data(self, parent_context=None):
            from . import iati

            context = super().get_context_data(parent_context)
            project = self.instance
            if not hasattr(project, "program"):
                parent = project.get_parent() if project.pk else (parent_context or {}).get("parent_page")
                project.program = parent.specific if parent is not None else None
            reasons = iati.exclusion_reasons(project, timezone.localdate())
            context["reasons"] = [iati.REASONS[reason] for reason in reasons]
            return context
