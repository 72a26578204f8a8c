"""What the translation tooling keeps: which source each translation was made from, and what is
left to translate in each object and language."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .completeness import field_label

STATUS_LABELS = {"live": _("live"), "draft": _("draft"), "live+draft": _("live + draft")}


class TranslationRecord(models.Model):
    """One translated field of one page or snippet in one language, and the source it follows.

    `source_hash` is the source text the translation was made from (or last confirmed against),
    `current_source_hash` that of the latest revision (both kept by tracking.py): when they differ,
    the source changed since, and the field is flagged until a translator updates or confirms it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    source_language = models.CharField(_("source language"), max_length=10)
    source_hash = models.CharField(max_length=64)
    # The source's text when the translation was made: the workbench shows what changed since.
    source_text = models.TextField(blank=True)
    current_source_hash = models.CharField(max_length=64)
    target_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("translation record")
        verbose_name_plural = _("translation records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_record_per_translation"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="translation_record_object")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field} ({self.language})"

    @property
    def source_changed(self):
        return self.source_hash != self.current_source_hash


class TranslationStatus(models.Model):
    """What is left to translate in one page or snippet, in one language (written by status.py),
    and what the dashboard lists, filters and sorts on: title, program, status, last edit, order."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveIntegerField()
    language = models.CharField(_("language"), max_length=10)
    # The fields empty in this language although another language has them, in form order.
    missing = models.JSONField(_("missing fields"), default=list)
    complete = models.BooleanField(_("complete"), default=True)
    percent = models.PositiveSmallIntegerField(_("completeness"), default=100)
    # The object's percentage in every language ({"fr": 100, "en": 66}), the same on each of its
    # rows (they are written together): what filters and orders by another language than the
    # reader's read, on the reader's rows alone.
    percents = models.JSONField(default=dict)
    # The title shown when this language is the reader's (another language's when empty).
    title = models.CharField(_("title"), max_length=255, blank=True)
    sort_title = models.CharField(max_length=255, blank=True)
    program = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, blank=True)
    last_edited = models.DateTimeField(_("last edited"), null=True, blank=True)
    # Site order: the pages by their place in the tree (group 0), then each snippet model.
    group = models.PositiveSmallIntegerField(default=0)
    position = models.CharField(max_length=255, blank=True)
    edit_url = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("translation status")
        verbose_name_plural = _("translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="one_status_per_object_language"
            )
        ]
        indexes = [
            models.Index(fields=["language", "group", "position", "object_id"], name="status_site_order"),
            models.Index(fields=["language", "sort_title"], name="status_title_order"),
            models.Index(fields=["program", "language"], name="status_program"),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} ({self.language})"

    @property
    def model(self):
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    @property
    def type_key(self):
        return self.model._meta.label_lower

    @property
    def type_name(self):
        return capfirst(self.model._meta.verbose_name)

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, "\u2014")

    def labels(self, names):
        return [field_label(self.model, name) for name in names]

    def workbench_url(self, language):
        return reverse("translations:workbench", args=(self.content_type_id, self.object_id, language))
