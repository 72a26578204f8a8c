"""The required-languages policy: a page is published only when complete in every required language
(other languages are optional, shown with the fallback notice). Checked wherever something is
published: the publish buttons, bulk publish, the approval that ends a review
(WAGTAIL_FINISH_WORKFLOW_ACTION) and scheduled publication (the publish_scheduled command).
"""

import logging

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from .completeness import field_label, in_sentence, missing_fields

logger = logging.getLogger(__name__)

# The audit log entry written when a scheduled publication is refused (history of the object).
SCHEDULED_PUBLISH_REFUSED = "translations.publish.scheduled.refused"
DRAFT_SAVED = _("Saved as a draft, not published: fill in the %(language)s version of: %(fields)s.")


def required_languages():
    return list(getattr(settings, "TRANSLATIONS_REQUIRED_LANGUAGES", [settings.LANGUAGE_CODE]))


def missing_required(obj):
    """{language: [field labels]} of required languages in which `obj` is incomplete."""
    missing = {language: missing_fields(obj, language) for language in required_languages()}
    return {
        language: [str(field_label(type(obj), name)) for name in names]
        for language, names in missing.items()
        if names
    }


def refused(request, obj, sentence=DRAFT_SAVED, **values):
    """Whether `obj` is incomplete in a required language; if so, `sentence` (with %(language)s,
    %(fields)s and `values`) is shown as an error once per incomplete language."""
    missing = missing_required(obj)
    for language, fields in missing.items():
        messages.error(
            request, sentence % {**values, "language": in_sentence(language), "fields": ", ".join(fields)}
        )
    return bool(missing)


class IncompleteTranslation(Exception):
    """Raised when something would publish an object incomplete in a required language.

    Not a PermissionDenied: the admin would turn that into a bare "permission denied";
    views.answer_incomplete_translation turns this one into the list of fields to fill in.
    """

    def __init__(self, obj, missing):
        super().__init__(f"{type(obj).__name__} {obj.pk} is incomplete in {', '.join(missing)}")
        self.obj = obj
        self.missing = missing


def publishable_revision(revision):
    """The object `revision` would publish; IncompleteTranslation when it must not be published."""
    obj = revision.as_object()
    missing = missing_required(obj)
    if missing:
        raise IncompleteTranslation(obj, missing)
    return obj


def publish_when_complete(workflow_state, user=None):
    """What approving the last task of a review does: publish the reviewed revision, if complete.

    Raised inside the approval's transaction, IncompleteTranslation undoes the approval: the
    submission stays in review and the reviewer is told which fields to fill in.
    """
    revision = workflow_state.content_object.get_latest_revision()
    publishable_revision(revision)
    revision.publish(user=user)


def withhold_incomplete_scheduled_revisions(revisions):
    """Take incomplete revisions off the publication schedule, and say so; return how many.

    The schedule is cleared so that the refusal is reported once, not at every run: the
    object's history and the error log say why, and an editor schedules it again once complete.
    """
    from wagtail.log_actions import log

    withheld = 0
    for revision in revisions:
        try:
            publishable_revision(revision)
        except IncompleteTranslation as refusal:
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            log(
                instance=refusal.obj,
                action=SCHEDULED_PUBLISH_REFUSED,
                revision=revision,
                data={"missing": refusal.missing},
            )
            logger.error(
                "Scheduled publication refused: %s %s (%s) is incomplete in %s: %s",
                type(refusal.obj).__name__,
                refusal.obj.pk,
                refusal.obj,
                ", ".join(refusal.missing),
                "; ".join(", ".join(fields) for fields in refusal.missing.values()),
            )
            withheld += 1
    return withheld
