"""Scratch sites for the tests that run manage.py in another process."""

from tests.scratch import sqlite_demo_copy  # noqa: F401
