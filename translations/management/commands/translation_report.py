"""`manage.py translation_report`: what is left to translate, as a table, CSV or JSON."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from translations import selectors, status
from translations.completeness import language_codes

FORMATS = ("table", "csv", "json")


class Command(BaseCommand):
    help = "Lists every page and snippet with its completeness per language and its untranslated fields."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", dest="output_format", default="table", help="table (default), csv or json"
        )
        parser.add_argument("--language", help="only this language's figures (e.g. en)")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="first write again every row the dashboard reads, for changes made outside "
            "Django's saves (raw SQL, QuerySet.update, a restored backup) or a release that "
            "changes which fields are translated",
        )
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="only objects with something left to translate (in --language, or in any language)",
        )

    def handle(self, *args, output_format, language, missing_only, rebuild=False, **options):
        if output_format not in FORMATS:
            raise CommandError(
                _("Unknown format “%(format)s”: choose one of %(formats)s.")
                % {"format": output_format, "formats": ", ".join(FORMATS)}
            )
        if language is not None and language not in language_codes():
            raise CommandError(
                _("Unknown language “%(language)s”: choose one of %(languages)s.")
                % {"language": language, "languages": ", ".join(language_codes())}
            )
        if rebuild:
            count = status.rebuild()
            self.stderr.write(f"{count} translation status rows written.")
        languages = [language] if language else language_codes()
        queryset = selectors.ordered(selectors.rows())
        if missing_only:
            queryset = selectors.missing_in(queryset, language)
        entries = []
        for start in range(0, queryset.count(), 500):
            entries += selectors.with_languages(queryset[start : start + 500])
        totals = selectors.totals()
        if output_format == "json":
            self.write_json(totals, entries, languages)
        elif output_format == "csv":
            self.write_csv(entries, languages)
        else:
            self.write_table(totals, entries, languages)

    def rows(self, entries, languages):
        programs = dict(selectors.programs())
        for entry in entries:
            by_language = entry.by_language
            yield {
                "type": entry.type_key,
                "type_name": str(entry.type_name),
                "title": entry.title,
                "status": entry.status,
                "program": programs.get(entry.program_id, ""),
                "last_edited": entry.last_edited.isoformat() if entry.last_edited else None,
                "edit_url": entry.edit_url,
                "completeness": {code: by_language[code].percent for code in languages},
                "missing": {code: by_language[code].missing for code in languages},
                # Translated before their source last changed: to check, or to confirm in the workbench.
                "source_changed": {code: entry.source_changed.get(code, []) for code in languages},
            }

    def write_json(self, totals, entries, languages):
        data = {
            "languages": languages,
            "totals": [
                {
                    "type": total.type_key,
                    "name": str(total.name),
                    "total": total.total,
                    "complete": {code: total.complete[code] for code in languages},
                }
                for total in totals
            ],
            "objects": list(self.rows(entries, languages)),
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def write_csv(self, entries, languages):
        """One line per object; per language a percentage and the missing fields' names."""
        per_language = ("completeness", "missing", "source_changed")
        fieldnames = ["type", "type_name", "title", "status", "program", "last_edited", "edit_url"]
        fieldnames += [f"{key}_{code}" for code in languages for key in per_language]
        writer = csv.DictWriter(self.stdout, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        for row in self.rows(entries, languages):
            for key in per_language:
                for code, value in row.pop(key).items():
                    row[f"{key}_{code}"] = ", ".join(value) if isinstance(value, list) else value
            writer.writerow(row)

    def write_table(self, totals, entries, languages):
        header = [_("Type"), _("Title"), _("Status")]
        header += [f"% {code}" for code in languages] + [_("Left to translate")]
        lines = []
        for entry in entries:
            missing = _listed(entry, {code: entry.by_language[code].missing for code in languages})
            changed = _listed(entry, {code: entry.source_changed.get(code) for code in languages})
            if changed:
                missing = "; ".join(part for part in (missing, _("source changed") + f" ({changed})") if part)
            lines.append(
                [str(entry.type_name), entry.title, str(entry.status_label)]
                + [str(entry.by_language[code].percent) for code in languages]
                + [missing]
            )
        widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=False)]
        widths[1] = min(widths[1], 60)  # long titles are cut, the rest of the line stays aligned
        for line in [header, ["-" * width for width in widths], *lines]:
            cells = [_fit(str(cell), width) for cell, width in zip(line, widths, strict=False)]
            self.stdout.write("  ".join(cells).rstrip())
        self.stdout.write("")
        for total in totals:
            for code in languages:
                self.stdout.write(total.sentence(code))


def _listed(entry, fields):
    """“en: Summary, Body; fr: Title”: the labels of {language: [field names]}."""
    return "; ".join(
        f"{code}: {', '.join(str(label) for label in entry.labels(names))}"
        for code, names in fields.items()
        if names
    )


def _fit(text, width):
    """`text` padded to `width`, or cut with an ellipsis when longer."""
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.ljust(width)
