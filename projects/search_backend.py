"""Wagtail's database search backend, with French and English word forms on PostgreSQL.

Wagtail's PostgreSQL backend analyses every field with one text search configuration
(`SEARCH_CONFIG`). This site's fields come in pairs (`summary_fr`, `summary_en`): here each
`_fr` field is analysed with `portfolio_fr` and each `_en` field with `portfolio_en` (both
created by migration projects 0003: the language's stemmer after `unaccent`), fields without
a language (acronym, country names) with both, and a query matches either language's forms.
On any other database the stock backend is used unchanged.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection, router
from django.db.models import Q, TextField, Value
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.search.index import SearchField

CONFIGURATIONS = {"fr": "portfolio_fr", "en": "portfolio_en"}


def configurations_for(field_name):
    """The configurations a field is analysed with: its language's, or both for a field without one."""
    language = field_name.rsplit("_", 1)[-1]
    return [CONFIGURATIONS[language]] if language in CONFIGURATIONS else list(CONFIGURATIONS.values())


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    """The bilingual backend on PostgreSQL, the stock database backend elsewhere."""
    if connection.vendor != "postgresql":
        return DatabaseSearchBackend(params)
    return _postgres_backend_class()(params)


def _postgres_backend_class():
    # Imported here: these modules define PostgreSQL-only models and expressions.
    from wagtail.search.backends.database.postgres.postgres import (
        EMPTY_VECTOR,
        IndexEntry,
        ObjectIndexer,
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText
    from wagtail.search.utils import ADD, get_content_type_pk

    class BilingualIndexer(ObjectIndexer):
        """Builds the title and body vectors field by field, each with its language's configuration."""

        def _vector(self, is_title):
            vectors = []
            for search_field in self.search_fields:
                for field, weight, value in self.prepare_field(self.obj, search_field):
                    if not isinstance(field, SearchField) or (field.field_name == "title") != is_title:
                        continue
                    text = value.strip()
                    for config in configurations_for(field.field_name) if text else []:
                        vectors.append(
                            SearchVector(Value(text, output_field=TextField()), weight=weight, config=config)
                        )
            return ADD(vectors) if vectors else EMPTY_VECTOR

        @property
        def title(self):
            return self._vector(is_title=True)

        @property
        def body(self):
            return self._vector(is_title=False)

    class BilingualIndex(PostgresIndex):
        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            content_type_id = get_content_type_pk(model)
            entries = []
            for obj in objs:
                indexer = BilingualIndexer(obj, self.backend)
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

    class BilingualQueryCompiler(PostgresSearchQueryCompiler):
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

        def build_tsquery(self, query, config=None):
            queries = [self.build_tsquery_content(query, config=name) for name in CONFIGURATIONS.values()]
            if queries[0] is None:
                return None
            combined = queries[0]
            for other in queries[1:]:
                combined = combined | other
            return combined

    class BilingualSearchBackend(PostgresSearchBackend):
        query_compiler_class = BilingualQueryCompiler
        index_class = BilingualIndex

    return BilingualSearchBackend
