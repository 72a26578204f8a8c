"""The organisation's IATI identity, set as an administrator would in Settings → Open data."""

import pytest
from wagtail.models import Site

from opendata.models import OpenDataSettings

# Placeholder values for the tests only: not the organisation's real identity.
IDENTIFIER = "XM-DAC-TEST-0001"


@pytest.fixture
def publisher(db):
    settings = OpenDataSettings.for_site(Site.objects.get(is_default_site=True))
    settings.iati_identifier = IDENTIFIER
    settings.organisation_type = "21"
    settings.organisation_name_fr = "Organisation de test"
    settings.organisation_name_en = "Test organisation"
    settings.licence = "cc-by-4.0"
    settings.save()
    return settings
