"""The table of what visitors type (tests/projects/search_table.py) passes on this database.

Runs on SQLite, and on PostgreSQL when DATABASE_URL is set: both index and query the same
normalised words (projects/search_text.py), so the table is one for both.
"""

import pytest

from tests.projects.search_table import TABLE, failures

pytestmark = pytest.mark.django_db


def test_the_table_is_large_and_bilingual():
    assert len(TABLE) >= 40
    assert {row.language for row in TABLE} == {"fr", "en"}


@pytest.mark.parametrize("row", TABLE, ids=[f"{row.language}:{row.query}" for row in TABLE])
def test_the_search_answers_as_the_table_says(client, row):
    assert failures(client, row) == []
