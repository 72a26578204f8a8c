"""What visitors type, and what the search must answer on the demo content: one table for
SQLite and PostgreSQL alike (tests/projects/test_search_table.py), scored by
benchmarks/search.py.

Each row: the page's language, the query, and what is expected of the result titles as the page
shows them (short name, then title, in the page's language, straight apostrophes):
- `first`: the first result's title begins with it;
- `found`: each is in one of the result titles;
- `at_most`: no more results than that (a precise query must not find the whole site);
- `suggestion`: nothing is found, and the page offers this respelling.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    language: str
    query: str
    first: str = ""
    found: tuple = field(default=())
    at_most: int | None = None
    suggestion: str = ""


TABLE = [
    # Short names typed as people type them: without their apostrophe, hyphen or dots.
    Row("fr", "Migr'Action", first="Migr'Action"),
    Row("fr", "migraction", first="Migr'Action"),
    Row("en", "MIGRACTION", first="Migr'Action"),
    Row("fr", "migr\u2019action", first="Migr'Action"),
    Row("fr", "innovasso", first="INNOV'Asso"),
    Row("en", "Innov'Asso", first="INNOV'Asso"),
    Row("fr", "echangeons", first="E'Changeons"),
    Row("en", "e'changeons", first="E'Changeons"),
    Row("fr", "dechiffrons", first="Dé-chiffrons les migrations", at_most=3),
    Row("fr", "dé-chiffrons", first="Dé-chiffrons les migrations", at_most=3),
    Row("en", "Dé-chiffrons", first="Dé-chiffrons les migrations", at_most=3),
    Row("fr", "mobil hanoi", first="MOBIL'Hanoï"),
    Row("en", "mobilhanoi", first="MOBIL'Hanoï"),
    Row("en", "inser.eco.net", first="INSER.ECO.Net"),
    Row("fr", "insereconet", first="INSER.ECO.Net"),
    Row("fr", "SAARA", first="SAARA"),
    Row("en", "saara", first="SAARA"),
    Row("en", "acif", first="ACIF"),
    Row("fr", "form'algerie", first="FORM'Algérie"),
    Row("fr", "formalgérie", first="FORM'Algérie"),
    # Accents and case.
    Row("fr", "Algérie", found=("SAARA", "INNOV'Asso", "FORM'Algérie")),
    Row("en", "ALGERIE", found=("SAARA", "INNOV'Asso", "FORM'Algérie")),
    Row("en", "algeria", found=("SAARA", "INNOV'Asso", "FORM'Algérie")),
    Row("fr", "ecole", found=("École Nicolas Hulot",)),
    Row("fr", "ÉCOLE", found=("École Nicolas Hulot",)),
    Row("fr", "ile de france", found=("Programme d'intégration de la communauté chinoise",)),
    Row("fr", "Île-de-France", found=("Programme d'intégration de la communauté chinoise",)),
    Row("fr", "ho chi minh", found=("Prévenir les violences basées sur le genre",)),
    Row("fr", "hanoi", found=("MOBIL'Hanoï", "Prévenir les violences basées sur le genre")),
    # French and English word forms, whatever the page's language.
    Row("fr", "femme", found=("Renforcer la résilience des femmes", "Programme d'autonomisation des femmes")),
    Row(
        "fr", "femmes", found=("Renforcer la résilience des femmes", "Programme d'autonomisation des femmes")
    ),
    Row("en", "woman", found=("resilience of women victims", "Program of women empowerment")),
    Row("en", "women", found=("resilience of women victims", "Program of women empowerment")),
    Row("en", "refugee", found=("Migr'Action",)),
    Row("en", "refugees", found=("Migr'Action",)),
    Row("fr", "réfugié", found=("Migr'Action",)),
    Row("fr", "refugies", found=("Migr'Action",)),
    Row("fr", "refugees", found=("Migr'Action",)),
    Row("fr", "violence", found=("Prévenir les violences", "Renforcer la résilience des femmes victimes")),
    Row("en", "violences", found=("gender-based violence (GBV) and protecting its victims in Vietnam",)),
    Row("fr", "intégration", found=("Migrations et intégration", "ACIF")),
    Row("fr", "l'intégration", found=("Programme d'intégration de la communauté chinoise",)),
    Row("en", "integration", found=("Migration and integration", "ACIF")),
    Row("en", "projects", found=("FORM'Algérie", "E'Changeons")),
    Row("fr", "travailleur", found=("Améliorer l'accès aux droits des travailleurs migrants",)),
    Row("fr", "artisanat", found=("Minorités ethniques et artisanat",)),
    Row("en", "crafts", found=("Ethnic minorities and craft",)),
    Row("fr", "minorité ethnique", first="Minorités ethniques et artisanat"),
    Row("fr", "baie d'Along", first="Pour une baie d'Along verte"),
    Row("en", "Ha Long bay", first="For a Green Ha Long Bay"),
    Row("fr", "maroc", found=("Appui à la création d'activités économiques à Figuig",)),
    Row("en", "Morocco", found=("Supporting creation of economic activities in Figuig",)),
    Row("fr", "agriculture", found=("Migr'Action",)),
    Row("fr", "RSE", found=("Textile et RSE/ONG",)),
    # Exact titles first.
    Row("fr", "Longue marche", first="Longue marche"),
    Row("en", "Textile and CSR/NGO", first="Textile and CSR/NGO"),
    # One or two letters off a word of the site: a "did you mean".
    Row("fr", "algerei", suggestion="Algérie"),
    Row("en", "vietman", suggestion="Vietnam"),
    Row("fr", "migracton", suggestion="Migr'Action"),
    Row("fr", "innovaso", suggestion="INNOV'Asso"),
    Row("en", "dechifrons", suggestion="Dé-chiffrons"),
    Row("fr", "echangons", suggestion="E'Changeons"),
    Row("fr", "saraa", suggestion="SAARA"),
    Row("en", "Marocco", suggestion="Morocco"),
    # Nothing to find, and nothing close.
    Row("fr", "xylophonezzz", at_most=0),
    Row("en", "the", at_most=0),
]


def result_titles(response):
    from tests.html import select, text

    return [
        # Pages show typographic apostrophes (portfolio/typography.py); the table types straight ones.
        text(title).replace("\u2019", "'")
        for title in select(response, "li.search-results__item > h3.search-results__title > a")
    ]


def offered_suggestion(response):
    from tests.html import select, text

    found = select(response, "p.search-suggestion a[href]")
    return text(found[0]).replace("\u2019", "'") if found else ""


def failures(client, row):
    """What the search page answers wrong for this row (an empty list when it answers right)."""
    response = client.get(f"/{row.language}/search/", {"q": row.query})
    if response.status_code != 200:
        return [f"status {response.status_code}"]
    titles = result_titles(response)
    wrong = []
    if row.first and not (titles and titles[0].startswith(row.first)):
        wrong.append(f"first is {titles[:1]}, not {row.first!r}")
    for title in row.found:
        if not any(title in shown for shown in titles):
            wrong.append(f"{title!r} not found")
    if row.at_most is not None and len(titles) > row.at_most:
        wrong.append(f"{len(titles)} results, more than {row.at_most}")
    if row.suggestion:
        offered = offered_suggestion(response)
        if titles or offered != row.suggestion:
            wrong.append(f"{len(titles)} results and suggestion {offered!r}, not {row.suggestion!r}")
    return wrong
