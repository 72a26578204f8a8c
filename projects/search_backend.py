"""Wagtail's database search backend, with one text normalisation on every database.

Every SearchField's text is indexed as `projects.search_text.index_text` makes it (folded,
written-together words joined, French and English stems) and every query is asked as
`search_text.query_text` makes it, so SQLite's FTS5 and PostgreSQL's text search only match
whole tokens, and find the same results. On PostgreSQL the tokens are analysed with the
`simple` configuration (no second stemming, no stop words); SQLite's FTS5 tokenizer reads them
as they are. Autocomplete fields (the admin's choosers) are indexed as typed.
"""

from django.db import connection, router
from wagtail.search.index import SearchField
from wagtail.search.utils import get_content_type_pk

from . import search_text


def _normalised(field, value):
    if isinstance(field, SearchField):
        return search_text.index_text(value, search_text.field_languages(field.field_name))
    return value


class _NormalisedSearch:
    """The query is normalised like the index (a query object other than a string is left alone)."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        if isinstance(query, str):
            query = search_text.query_text(query)
        return super().search(query, model_or_queryset, *args, **kwargs)


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    """The normalising backend for the database in use (PostgreSQL, or SQLite elsewhere)."""
    if connection.vendor == "postgresql":
        return _postgres_backend_class()({**params, "SEARCH_CONFIG": "simple"})
    return _sqlite_backend_class()(params)


def _sqlite_backend_class():
    # Imported here: these modules define SQLite-only models.
    from wagtail.search.backends.database.sqlite.sqlite import ObjectIndexer as SQLiteIndexer
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteIndex, SQLiteSearchBackend

    class NormalisingSQLiteIndexer(SQLiteIndexer):
        def prepare_field(self, obj, field):
            for current_field, value in super().prepare_field(obj, field):
                yield current_field, _normalised(current_field, value)

    class NormalisingSQLiteIndex(SQLiteIndex):
        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            content_type_id = get_content_type_pk(model)
            entries = self.entries.filter(content_type_id=content_type_id)
            for obj in objs:
                indexer = NormalisingSQLiteIndexer(obj, self.backend)
                values = {"title": indexer.title, "autocomplete": indexer.autocomplete, "body": indexer.body}
                if not entries.filter(object_id=indexer.id).update(**values):
                    self.entries.create(content_type_id=content_type_id, object_id=indexer.id, **values)
            self._refresh_title_norms()

    class NormalisingSQLiteBackend(_NormalisedSearch, SQLiteSearchBackend):
        index_class = NormalisingSQLiteIndex

    return NormalisingSQLiteBackend


def _postgres_backend_class():
    # Imported here: these modules define PostgreSQL-only models and expressions.
    from django.db.models import Q
    from wagtail.search.backends.database.postgres.postgres import (
        IndexEntry,
        ObjectIndexer,
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText

    class NormalisingIndexer(ObjectIndexer):
        def prepare_field(self, obj, field):
            for current_field, weight, value in super().prepare_field(obj, field):
                yield current_field, weight, _normalised(current_field, value)

    class NormalisingIndex(PostgresIndex):
        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            content_type_id = get_content_type_pk(model)
            entries = []
            for obj in objs:
                indexer = NormalisingIndexer(obj, self.backend)
                entries.append(
                    IndexEntry(
                        content_type_id=content_type_id,
                        object_id=indexer.id,
                        title=indexer.title,
                        autocomplete=indexer.autocomplete,
                        body=indexer.body,
                        title_norm=1.0,
                        title_text=indexer.title_text,
                        body_text=indexer.body_text,
                    )
                )
            if not entries:
                return
            IndexEntry.objects.using(router.db_for_write(IndexEntry)).bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["content_type", "object_id"],
                update_fields=["title", "autocomplete", "body", "title_norm", "title_text", "body_text"],
            )
            self._refresh_title_norms()

    class SeparateVectorsQueryCompiler(PostgresSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None, backend=None):
            """As Wagtail's, but matching the title and body vectors each on their own.

            Wagtail matches `title || body`: concatenating two vectors for every row took most
            of a search's time at 10,000 projects (130 of 190 ms for a common word), and the
            planner, which does not know that, never chose the expression's GIN index. Each
            vector matched alone is cheap to read in a scan, and has its own GIN index (a
            bitmap OR of both when the word is rare). The same rows match.
            """
            if not isinstance(self.query, PlainText | Phrase | And | Or | Not | Boost) or self.fields:
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            search_query = self.build_tsquery(self.query, config=config)
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            matches = Q()
            for vector, _boost in vectors:
                matches |= Q(**{f"{vector.name}__exact": search_query})
            queryset = self.queryset.filter(matches)
            return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    class NormalisingPostgresBackend(_NormalisedSearch, PostgresSearchBackend):
        query_compiler_class = SeparateVectorsQueryCompiler
        index_class = NormalisingIndex

    return NormalisingPostgresBackend
