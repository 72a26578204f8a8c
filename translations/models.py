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


class ReportRow(models.Model):
    """One page or snippet as the translation report reads it, kept up to date on every save.

    What the dashboard filters, orders and counts: the row of the report's UNION ALL (see
    report.py), worked out by the database from the object and its latest revision when either
    is saved, deleted or moved, so that a request reads this small table instead of every
    page's texts. The columns are named as the union's; per language, the mask of the fields
    that have text, the title in that language and the title shown (and its sort key) when
    that language is the active one.
    """

    r_ct = models.IntegerField()
    r_pk = models.IntegerField()
    r_group = models.IntegerField()
    r_path = models.TextField(null=True)  # noqa: DJ001 (NULL as in the union)
    r_depth = models.IntegerField(null=True)
    r_program_path = models.TextField(null=True)  # noqa: DJ001 (NULL as in the union)
    r_draft_title = models.TextField(null=True)  # noqa: DJ001 (NULL as in the union)
    r_status = models.TextField(null=True)  # noqa: DJ001 (NULL as in the union)
    r_last_edited = models.DateTimeField(null=True)
    r_site = models.IntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["r_ct", "r_pk"], name="one_report_row_per_object")]
        indexes = [models.Index(fields=["r_group", "r_path", "r_pk"], name="report_row_site_order")]

    def __str__(self):
        return f"{self.r_ct}:{self.r_pk}"


# One set of columns per language of the site (as modeltranslation adds its columns).
for _code in [code for code, _name in settings.LANGUAGES]:
    ReportRow.add_to_class(f"r_mask_{_code}", models.IntegerField(default=0))
    ReportRow.add_to_class(f"r_title_{_code}", models.TextField(null=True))
    ReportRow.add_to_class(f"r_shown_{_code}", models.TextField(null=True))
    ReportRow.add_to_class(f"r_sort_{_code}", models.TextField(null=True))


class ReportState(models.Model):
    """What the report rows were last worked out for (the models, fields and languages): rows
    worked out for other ones are worked out again before they are read."""

    signature = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.signature
