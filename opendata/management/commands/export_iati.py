"""Write the IATI activity file, the same one /iati/activities.xml serves, for the IATI registry."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from opendata import iati, rules, selectors
from opendata.models import OpenDataSettings


class Command(BaseCommand):
    help = "Write the IATI 2.03 activity file, checked against the schema and IATI's offline rules."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Where to write the file, e.g. activities.xml")
        parser.add_argument(
            "--base-url",
            help="The public site's address for absolute links, e.g. https://portfolio.example.org/ "
            "(default: the default site's root URL)",
        )

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("No default site is configured.")
        base_url = options["base_url"] or site.root_url + "/"
        if not urlsplit(base_url).scheme:
            raise CommandError("--base-url must be an absolute URL, e.g. https://portfolio.example.org/")
        try:
            root = iati.build_activities(selectors.iati_projects(), OpenDataSettings.for_site(site), base_url)
        except iati.NotPublishable as reason:
            raise CommandError(str(reason)) from reason
        errors = iati.validation_errors(root)
        if errors:
            raise CommandError("The file does not validate against IATI 2.03:\n" + "\n".join(errors[:20]))
        broken = rules.rule_errors(root)
        if broken:
            lines = [f"{rule} {activity}: {message}" for rule, activity, message in broken[:20]]
            raise CommandError("The file breaks IATI's Standard ruleset:\n" + "\n".join(lines))
        output = Path(options["output"])
        output.write_bytes(iati.to_bytes(root))
        count = len(root.findall("iati-activity"))
        self.stdout.write(self.style.SUCCESS(f"{count} activities written to {output}"))
