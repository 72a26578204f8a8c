"""Which source text each translation was made from, so that a changed source can be flagged."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationRecord(models.Model):
    """One translated field of one page or snippet in one language, and the source it follows.

    `source_hash` is the source text the translation was made from (or last confirmed
    against); `current_source_hash` the source text of the object's latest revision. When they
    differ, the source changed after the translation was written: the dashboard, the workbench
    and the translation_report command flag the field until a translator updates the
    translation or confirms it still holds. Both are kept up to date from every saved revision
    (tracking.py), whatever screen saved it.
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
