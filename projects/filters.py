"""The projects listing's GET parameters, parsed once into a small filter object.

Values are stable and shareable: `program=<program slug in the page's language>`,
`country=<ISO 3166-1 alpha-2>`, `status=current|archived`, `page=<n>`. Anything else is
dropped and reported, never an error.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

STATUSES = ("current", "archived")
# Earlier addresses said `status=active`: links shared then still filter.
STATUS_ALIASES = {"active": "current"}
FILTER_NAMES = ("program", "country", "status")


@dataclass(frozen=True)
class ProjectFilters:
    """The filters a visitor chose, already checked against the options that exist."""

    program: str = ""
    country: str = ""
    status: str = ""
    rejected: tuple = field(default=())

    @classmethod
    def from_query(cls, query, program_slugs, country_codes):
        """Keep the values that name a real option; remember the names of the others.

        `program_slugs` maps a program's slug in either language to its slug in the current
        one, so a link shared from the other language's site still filters.
        """
        values, rejected = {}, []
        raw = {name: (query.get(name) or "").strip() for name in FILTER_NAMES}
        if raw["program"]:
            if raw["program"] in program_slugs:
                values["program"] = program_slugs[raw["program"]]
            else:
                rejected.append("program")
        if raw["country"]:
            code = raw["country"].upper()
            if code in country_codes:
                values["country"] = code
            else:
                rejected.append("country")
        if raw["status"]:
            status = STATUS_ALIASES.get(raw["status"], raw["status"])
            if status in STATUSES:
                values["status"] = status
            else:
                rejected.append("status")
        return cls(**values, rejected=tuple(rejected))

    @property
    def active(self):
        """{name: value} of the filters in force."""
        return {name: getattr(self, name) for name in FILTER_NAMES if getattr(self, name)}

    def query_string(self, **changes):
        """The query string of these filters with `changes` applied (None removes a filter).

        Changing a filter always goes back to the first page of results.
        """
        values = {**self.active, **changes}
        # Filters first in a fixed order, so one selection always has one URL.
        names = [name for name in FILTER_NAMES if name in values]
        names += [name for name in values if name not in FILTER_NAMES]
        values = {name: values[name] for name in names if values[name]}
        return "?" + urlencode(values) if values else "?"


def language_queries(filters, page_number, programs, languages):
    """The query string of this listing page in each language, and the one its canonical URL has.

    The program's slug is translated (`programs` are the ProgramPage objects the filters
    accept), so the language switcher leads to the same selection with the other language's
    slug. Only the page number of the unfiltered listing is part of the canonical URL: a
    filtered selection is canonical to the unfiltered listing, and has no alternates of its own.
    """
    page = {"page": page_number} if page_number and page_number > 1 else {}
    queries = {}
    for language in languages:
        values = dict(filters.active)
        if filters.program:
            for program in programs:
                if program.slug == filters.program:
                    values["program"] = getattr(program, f"slug_{language}", "") or program.slug
        values.update(page)
        queries[language] = "?" + urlencode(values) if values else ""
    canonical = "" if filters.active else ("?" + urlencode(page) if page else "")
    return queries, canonical
