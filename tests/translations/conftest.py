"""Fixtures of the translation tests: scratch sites for the tests that run manage.py in another
process, the editorial roles' users (the same as the editorial tests'), and the example of a page
left to translate."""

import pytest

from tests.editorial.conftest import editor, translator  # noqa: F401
from tests.factories import UntranslatedProjectFactory
from tests.scratch import sqlite_demo_copy  # noqa: F401


@pytest.fixture
def untranslated_project(db):
    """A published project whose French summary and body are still to translate into English
    (its title is translated), in a program of its own."""
    return UntranslatedProjectFactory()
