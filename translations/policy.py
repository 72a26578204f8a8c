"""The required-languages policy: a page is published only when complete in every required language.

Other languages are optional but tracked: an empty English field shows the French text with
the "translation in progress" notice, and the dashboard counts it as left to translate.

The rule is checked wherever something is published: the publish buttons of pages and
partners, bulk publish, the approval that ends a review (WAGTAIL_FINISH_WORKFLOW_ACTION) and
scheduled publication (the publish_scheduled command).
"""

import logging

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info

from .completeness import missing_fields

logger = logging.getLogger(__name__)

# The audit log entry written when a scheduled publication is refused (history of the object).
SCHEDULED_PUBLISH_REFUSED = "translations.publish.scheduled.refused"


def required_languages():
    return list(getattr(settings, "TRANSLATIONS_REQUIRED_LANGUAGES", [settings.LANGUAGE_CODE]))


def missing_required(obj):
    """{language: [field labels]} of required languages in which `obj` is incomplete."""
    missing = {}
    for language in required_languages():
        fields = missing_fields(obj, language)
        if fields:
            model_fields = type(obj)._meta
            missing[language] = [str(capfirst(model_fields.get_field(name).verbose_name)) for name in fields]
    return missing


def language_name(code):
    """The language's name in the active language, as written inside a sentence ("french", "français")."""
    return get_language_info(code)["name_translated"].lower()


def describe_missing(missing, sentence):
    """`sentence` (translated, with %(language)s and %(fields)s) once per incomplete language."""
    return [
        sentence % {"language": language_name(language), "fields": ", ".join(fields)}
        for language, fields in missing.items()
    ]


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
