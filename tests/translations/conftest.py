"""Fixtures of the translation tests: scratch sites for the tests that run manage.py in another
process, and the editorial roles' users (the same as the editorial tests')."""

from tests.editorial.conftest import editor, translator  # noqa: F401
from tests.scratch import sqlite_demo_copy  # noqa: F401
