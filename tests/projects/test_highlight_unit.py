"""projects.highlight on its own: query cleaning, marked extracts, names, suggestions."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from projects.highlight import (
    EXTRACT_LENGTH,
    MAX_QUERY_LENGTH,
    Suggestion,
    clean_query,
    edits,
    extract,
    name_rank,
    suggestion,
    texts,
    vocabulary,
)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  migration   Algérie ", "migration Algérie"),
        ('"unbalanced (quote* ^', "unbalanced quote"),
        ("l'été", "l'été"),  # apostrophes are part of words
        ("jeunes\x00\x1b[31m femmes\n", "jeunes 31m femmes"),
        ("jeunes\tfemmes\r\nrurales", "jeunes femmes rurales"),  # tabs and newlines part words
        ("a-b+c:d", "a-b c d"),  # a hyphen inside a word stays: "dé-chiffrons" is one word
    ],
)
def test_clean_query(raw, cleaned):
    assert clean_query(raw) == cleaned


def test_clean_query_caps_the_length():
    assert len(clean_query("x" * 1000)) == MAX_QUERY_LENGTH


def test_extract_marks_words_without_accents_or_case():
    found = extract([("fr", "<p>Aide aux <b>réfugiés</b> en Algérie.</p>")], ["REFUGIE", "algerie"])
    assert found.language == "fr"
    assert found.html == "Aide aux <mark>réfugiés</mark> en <mark>Algérie</mark>."


def test_extract_marks_plural_and_feminine_forms_as_whole_words_only():
    found = extract([("fr", "La violence et les violences; inviolable.")], ["violences"])
    assert found.html == "La <mark>violence</mark> et les <mark>violences</mark>; inviolable."


def test_extract_escapes_the_text_and_decodes_entities():
    found = extract([("en", "<p>Tom &amp; Jerry &lt;script&gt; migration</p>")], ["migration"])
    assert "<script>" not in found.html
    assert found.html == "Tom &amp; Jerry &lt;script&gt; <mark>migration</mark>"


def test_extract_with_an_apostrophe_marks_the_word_after_it():
    found = extract([("fr", "L'insertion des jeunes")], ["insertion"])
    assert found.html == "L&#x27;<mark>insertion</mark> des jeunes"


def test_extract_takes_the_first_language_with_a_match():
    found = extract([("en", "Nothing here"), ("fr", "Les femmes d'abord")], ["femmes"])
    assert found.language == "fr"
    assert "<mark>femmes</mark>" in found.html


def test_extract_without_a_match_starts_the_preferred_text():
    long_text = "mot " * 100
    found = extract([("en", long_text), ("fr", "autre")], ["absent"])
    assert found.language == "en"
    assert found.html.endswith("…")
    assert len(found.html) == EXTRACT_LENGTH + 1


def test_extract_cuts_a_long_text_around_the_match_with_ellipses():
    text = "début " * 80 + "migration " + "fin " * 80
    found = extract([("fr", text)], ["migration"])
    assert found.html.startswith("…début") and found.html.endswith("…")
    assert "<mark>migration</mark>" in found.html


@pytest.mark.parametrize("terms", [[], ["a"], ["'"], ["--"]])
def test_extract_ignores_terms_of_one_letter_or_no_letter(terms):
    found = extract([("fr", "a b c")], terms)
    assert "<mark>" not in found.html
    assert found.html == "a b c"


def test_extract_of_empty_text():
    found = extract([("fr", ""), ("en", None)], ["migration"])
    assert (found.html, found.language) == ("", "fr")


def test_name_rank_puts_the_short_name_then_the_title_then_named_words_first():
    project = SimpleNamespace(acronym="Migr'Action", title_fr="Santé des femmes", title_en="Women's health")
    assert name_rank(project, "migraction") == (False, True, False)
    assert name_rank(project, "Migr Action") == (False, True, False)
    assert name_rank(project, "sante des femmes") == (True, False, False)
    assert name_rank(project, "femme woman") == (True, True, False)
    assert name_rank(project, "femme enfants") == (True, True, True)
    assert name_rank(project, "migr") == (True, True, False)  # a part of the name
    assert name_rank(project, "aara") == (True, True, True)
    assert name_rank(SimpleNamespace(acronym=None, title_fr="", title_en=""), "santé") == (True, True, True)


def test_texts_puts_the_current_language_first_and_skips_missing_fields():
    project = SimpleNamespace(summary_fr="Résumé", summary_en="Summary", places_fr="Dakar", places_en=None)
    with translation.override("en"):
        assert texts(project, ["summary", "places"]) == [("en", "Summary"), ("fr", "Résumé Dakar")]
    with translation.override("fr"):
        assert texts(project, ["summary", "places"])[0] == ("fr", "Résumé Dakar")
    assert texts(SimpleNamespace(), ["summary"]) == [("fr", ""), ("en", "")]


def test_vocabulary_folds_words_and_keeps_the_first_spelling():
    words = vocabulary([("fr", "Algérie, l'été 2024"), ("en", "Algerie summer"), ("en", None)])
    assert words["algerie"] == ("Algérie", {"fr", "en"})
    assert words["ete"] == ("été", {"fr"})
    assert "l" not in words and "2024" not in words  # fewer than three letters, digits
    assert "lete" not in words  # an elision is no part of a word


def test_vocabulary_keeps_names_written_in_parts_whole():
    words = vocabulary([("fr", "Migr'Action, Dé-chiffrons et INSER.ECO.Net")])
    assert words["migraction"] == ("Migr'Action", {"fr"})
    assert words["dechiffrons"] == ("Dé-chiffrons", {"fr"})
    assert words["insereconet"] == ("INSER.ECO.Net", {"fr"})
    assert words["action"] == ("Action", {"fr"})


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("abc", "", 3),
        ("", "ab", 2),
        ("vietman", "vietnam", 2),
        ("algerei", "algerie", 1),
        ("kitten", "sitting", 3),
        ("same", "same", 0),
    ],
)
def test_edits(a, b, distance):
    assert edits(a, b) == distance
    assert edits(b, a) == distance


WORDS = vocabulary([("fr", "Algérie Vietnam femmes jeunes"), ("en", "Algeria women youth")])


def test_suggestion_respells_misspelled_words():
    assert suggestion("algerei", WORDS, "fr") == Suggestion(text="Algérie", language="")
    assert suggestion("vietman femmes", WORDS, "fr").text == "Vietnam femmes"


def test_suggestion_names_the_other_language_when_every_respelled_word_is_in_it():
    assert suggestion("womem", WORDS, "fr") == Suggestion(text="women", language="en")


@pytest.mark.parametrize("query", ["", "   ", "femmes", "zz", "xqzwvk", "l'", "'''"])
def test_no_suggestion_for_known_short_empty_or_junk_queries(query):
    assert suggestion(query, WORDS, "fr") == Suggestion()


def test_suggestion_reads_only_the_first_words_and_each_once():
    query = " ".join(["femmes"] * 6 + ["algerei"])
    assert suggestion(query, WORDS, "fr") == Suggestion()
    assert suggestion("algerei algerei", WORDS, "fr").text == "Algérie"
