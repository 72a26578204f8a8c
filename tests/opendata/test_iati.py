"""The IATI 2.03 activity file: valid against the official schema, faithful to the database."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from lxml import etree
from wagtail.models import PageViewRestriction

from opendata import iati, rules
from opendata.sectors import dac_sectors
from partners.models import Partner, PartnerRole
from projects.models import ProgramPage, ProjectPage, ProjectPartner
from tests.factories import ProgramPageFactory, ProjectPageFactory
from tests.test_query_counts import add_projects

from .conftest import IDENTIFIER

pytestmark = pytest.mark.django_db

URL = "/iati/activities.xml"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def get_file(client):
    response = client.get(URL)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def activities_by_key(root):
    return {
        activity.findtext("iati-identifier").removeprefix(f"{IDENTIFIER}-"): activity
        for activity in root.findall("iati-activity")
    }


def narratives(element):
    return {narrative.get(LANG): narrative.text for narrative in element.findall("narrative")}


def live_projects():
    return list(ProjectPage.objects.live().public())


def published_projects():
    """The live public projects the file describes: those IATI's rules accept as recorded."""
    today = datetime.date.today()
    projects = live_projects()
    for project in projects:
        project.program = project.get_parent().specific
    return [project for project in projects if not iati.exclusion_reasons(project, today)]


def test_without_an_identifier_the_file_is_a_404_that_says_why(client):
    response = client.get(URL, headers={"accept-language": "en"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert "IATI organisation identifier" in response.text
    assert b"<iati-activities" not in response.content


def test_the_explanation_is_in_french_for_a_french_reader(client):
    response = client.get(URL, headers={"accept-language": "fr"})
    assert response.status_code == 404
    assert "Paramètres" in response.text


def test_every_project_validates_against_the_official_schema(client, publisher):
    program = ProgramPageFactory(dac_sector="15190")
    built = ProjectPageFactory(parent=program, countries=["SN", "ML"], start_year=2023, end_year=2027)
    ProjectPageFactory(parent=program, publish=False)  # a draft is not published in the file
    root = get_file(client)
    assert root.get("version") == "2.03"
    assert iati.validation_errors(root) == []
    assert rules.rule_errors(root) == []
    assert len(root.findall("iati-activity")) == len(published_projects())
    assert str(built.translation_key) in activities_by_key(root)


def test_the_file_reads_back_as_the_database(client, publisher):
    activities = activities_by_key(get_file(client))
    projects = published_projects()
    assert set(activities) == {str(project.translation_key) for project in projects}
    for project in projects:
        activity = activities[str(project.translation_key)]
        titles = narratives(activity.find("title"))
        # The demo has every title in both languages; the acronym leads when the title lacks it.
        assert set(titles) == {"fr", "en"}
        assert titles["fr"].endswith(project.title_fr)
        assert titles["en"].endswith(project.title_en)
        if project.acronym:
            assert project.acronym in titles["fr"]
        description = narratives(activity.find("description"))
        assert description["fr"] == (project.summary_fr or project.subtitle_fr or project.title_fr)

        countries = [
            (c.get("code"), Decimal(c.get("percentage"))) for c in activity.findall("recipient-country")
        ]
        assert [code for code, _p in countries] == [country.code for country in project.countries]
        if countries:
            assert sum(percentage for _c, percentage in countries) == 100

        reporting = activity.find("reporting-org")
        assert reporting.get("ref") == IDENTIFIER
        assert narratives(reporting) == {"fr": "Organisation de test", "en": "Test organisation"}
        organisations = [
            (org.get("role"), narratives(org)["fr"])
            for org in activity.findall("participating-org")
            if org.get("ref") != IDENTIFIER
        ]
        expected = [
            ("1" if link.role in (PartnerRole.FUNDER, PartnerRole.CO_FUNDER) else "4", link.partner.name_fr)
            for link in project.partner_links.filter(partner__live=True).order_by("sort_order")
        ]
        assert organisations == expected

        dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
        if project.start_year:
            start = dates.get("2") or dates.get("1")
            assert start == f"{project.start_year}-{project.start_month or 1:02d}-01"
        if project.end_year:
            end = dates.get("4") or dates.get("3")
            assert end.startswith(f"{project.end_year}-{project.end_month or 12:02d}-")

        sector = activity.find("sector")
        program = project.get_parent().specific
        assert sector.get("code") == program.dac_sector
        assert sector.get("vocabulary") == "1"
        assert activity.get("last-updated-datetime").startswith(
            project.last_published_at.date().isoformat()[:4]
        )


def test_statuses_follow_dates_and_the_archive(client, publisher):
    activities = activities_by_key(get_file(client))
    for project in published_projects():
        status = activities[str(project.translation_key)].find("activity-status").get("code")
        if project.is_archived:
            assert status in {"3", "4"}, project.title
        else:
            assert status == "2", project.title
    mobil = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    activity = activities[str(mobil.translation_key)]
    assert activity.find("activity-status").get("code") == "4"
    assert {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")} == {
        "2": "2002-01-01",
        "4": "2016-04-30",
    }


def test_demo_programs_have_real_dac_purpose_codes():
    codes = dict(ProgramPage.objects.values_list("slug_en", "dac_sector"))
    assert codes == {
        "migration-and-integration": "15190",
        "gender-equality-and-violence-against-women": "15180",
        "economic-and-professional-integration": "16020",
        "civil-society-strengthening": "15150",
    }
    assert all(code in dac_sectors() for code in codes.values())


def test_project_notes_are_document_links(client, publisher):
    project = ProjectPage.objects.filter(documents__isnull=False).distinct().first()
    project.actual_start_date = datetime.date(2021, 9, 1)  # recorded by staff: now in the file
    project.save()
    activity = activities_by_key(get_file(client))[str(project.translation_key)]
    notes = [link for link in activity.findall("document-link") if link.get("format") == "application/pdf"]
    assert len(notes) == project.documents.count()
    note = notes[0]
    document = project.documents.first()
    assert note.get("url") == f"http://testserver{document.document.url}"
    assert note.find("category").get("code") == "A02"
    assert note.find("language").get("code") == document.language
    assert narratives(note.find("title")) == {"fr": document.title_fr, "en": document.title_en}
    pages = [link for link in activity.findall("document-link") if link.get("format") == "text/html"]
    assert sorted(link.find("language").get("code") for link in pages) == ["en", "fr"]


def make_edge_project(**fields):
    program = ProgramPage.objects.get(slug_en="civil-society-strengthening")
    values = {"countries": ["DZ", "MA", "TN"], "actual_start_date": datetime.date(2020, 3, 2), **fields}
    project = ProjectPage(
        title="Projet sans dates",
        title_fr="Projet sans dates",
        slug="projet-sans-dates",
        slug_fr="projet-sans-dates",
        **values,
    )
    program.add_child(instance=project)
    project.save_revision().publish()
    return project


def test_edge_case_several_countries_no_partners_validates(client, publisher):
    project = make_edge_project()
    root = get_file(client)
    assert iati.validation_errors(root) == []
    assert rules.rule_errors(root) == []
    activity = activities_by_key(root)[str(project.translation_key)]
    percentages = [Decimal(c.get("percentage")) for c in activity.findall("recipient-country")]
    assert percentages == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    # Only the organisation itself takes part, as the one accountable.
    assert [org.get("role") for org in activity.findall("participating-org")] == ["2"]
    (date,) = activity.findall("activity-date")
    assert (date.get("type"), date.get("iso-date")) == ("2", "2020-03-02")
    assert date.find("narrative") is None


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        # No place: never an invented one (rule 3.7.1).
        ({"countries": []}, "place"),
        # No date at all: never the first publication as a start (rule 6.11.1).
        ({"actual_start_date": None}, "start"),
        # An end date only (rule 6.11.1).
        ({"actual_start_date": None, "end_year": 2016, "end_month": 2}, "start"),
    ],
)
def test_an_activity_iati_would_reject_is_left_out_and_the_file_still_passes(
    client, publisher, fields, reason
):
    project = make_edge_project(**fields)
    project.program = project.get_parent().specific
    assert iati.exclusion_reasons(project, datetime.date.today()) == [reason]
    root = get_file(client)
    assert str(project.translation_key) not in activities_by_key(root)
    assert iati.validation_errors(root) == []
    assert rules.rule_errors(root) == []
    published = {d.get("iso-date") for d in root.iter("activity-date")}
    project.refresh_from_db()
    assert project.first_published_at.date().isoformat() not in published


def test_a_region_or_a_recorded_start_puts_the_activity_in(client, publisher):
    project = make_edge_project(countries=[], recipient_region="589", actual_start_date=None, end_year=2016)
    assert str(project.translation_key) not in activities_by_key(get_file(client))
    project.planned_start_date = datetime.date(2014, 9, 1)
    project.actual_start_date = datetime.date(2014, 10, 6)
    project.save_revision().publish()
    root = get_file(client)
    activity = activities_by_key(root)[str(project.translation_key)]
    (region,) = activity.findall("recipient-region")
    assert (region.get("code"), region.get("vocabulary"), region.get("percentage")) == ("589", "1", "100")
    assert activity.find("recipient-country") is None
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {"1": "2014-09-01", "2": "2014-10-06", "4": "2016-12-31"}
    assert rules.rule_errors(root) == []


def test_the_demo_file_passes_the_offline_rules_and_leaves_out_what_it_must(client, publisher):
    root = get_file(client)
    assert iati.validation_errors(root) == []
    assert rules.rule_errors(root) == []
    keys = set(activities_by_key(root))
    # The demo's current projects have no dates, six archived ones no country, FORM'Algérie an
    # end date only: none of them is in the file, and nothing was made up for them.
    for project in ProjectPage.objects.filter(acronym__in=["FORM'Algérie", "ACIF", "INSER.ECO.Net"]):
        assert str(project.translation_key) not in keys
    assert str(ProjectPage.objects.get(acronym="MOBIL'Hanoï").translation_key) in keys


def test_no_text_is_labelled_with_a_language_it_is_not_in(client, publisher):
    project = make_edge_project()
    activity = activities_by_key(get_file(client))[str(project.translation_key)]
    assert narratives(activity.find("title")) == {"fr": "Projet sans dates"}
    assert narratives(activity.find("description")) == {"fr": "Projet sans dates"}
    # No English page link either: it would only show the French text.
    pages = [link for link in activity.findall("document-link") if link.get("format") == "text/html"]
    assert [link.find("language").get("code") for link in pages] == ["fr"]
    assert all(narrative.text for narrative in activity.iter("narrative"))


def test_the_identifier_survives_a_new_title_and_slug(client, publisher):
    project = ProjectPage.objects.get(acronym="SAARA")
    project.actual_start_date = datetime.date(2021, 9, 1)
    project.save_revision().publish()
    before = activities_by_key(get_file(client))
    project.title_fr = project.title = "Un tout autre titre"
    project.slug_fr = project.slug = "un-tout-autre-titre"
    project.save_revision().publish()
    after = activities_by_key(get_file(client))
    key = str(project.translation_key)
    assert set(before) == set(after)
    assert "Un tout autre titre" in narratives(after[key].find("title"))["fr"]


def test_drafts_private_pages_and_unpublished_partners_never_appear(client, publisher):
    draft = ProjectPage.objects.get(acronym="SAARA")
    draft.unpublish()
    program = ProgramPage.objects.get(slug_en="gender-equality-and-violence-against-women")
    PageViewRestriction.objects.create(page=program, restriction_type="password", password="secret")
    hidden = set(ProjectPage.objects.child_of(program).values_list("translation_key", flat=True))
    partner = Partner.objects.get(acronym="GRDR")
    partner.live = False
    partner.save()

    content = client.get(URL).content
    root = etree.fromstring(content)
    keys = set(activities_by_key(root))
    assert str(draft.translation_key) not in keys
    assert hidden and not keys & {str(key) for key in hidden}
    organisations = {name for org in root.iter("participating-org") for name in narratives(org).values()}
    assert "Organisation de test" in organisations
    assert partner.name_fr not in organisations
    assert partner.name_en not in organisations
    assert iati.validation_errors(root) == []


def test_no_live_project_means_404_not_an_invalid_file(client, publisher):
    for project in ProjectPage.objects.live():
        project.unpublish()
    response = client.get(URL)
    assert response.status_code == 404
    assert b"<iati-activities" not in response.content


def test_command_writes_the_same_valid_file(client, publisher, tmp_path):
    served = get_file(client)
    output = tmp_path / "activities.xml"
    call_command("export_iati", str(output), "--base-url", "http://testserver/", stdout=io.StringIO())
    written = etree.parse(str(output)).getroot()
    assert iati.validation_errors(written) == []
    for root in (served, written):
        root.attrib.pop("generated-datetime")
    assert etree.tostring(written) == etree.tostring(served)


def test_command_refuses_while_the_identity_is_missing(tmp_path):
    with pytest.raises(CommandError, match="IATI"):
        call_command("export_iati", str(tmp_path / "a.xml"), stdout=io.StringIO())
    assert not (tmp_path / "a.xml").exists()


def test_query_count_does_not_grow_with_projects(client, publisher, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(6):
        client.get(URL)
    add_projects(5)
    project = ProjectPage.objects.get(title="Projet 4")
    ProjectPartner.objects.create(page=project, partner=Partner.objects.get(acronym="GRDR"), role="funder")
    client.get(URL)
    with django_assert_num_queries(6):
        client.get(URL)


def test_pipeline_and_planned_dates_for_a_project_that_has_not_started(publisher):
    project = make_edge_project(start_year=2099, start_month=3, end_year=2100, actual_start_date=None)
    today = datetime.date(2026, 1, 1)
    assert iati.activity_status(project, today) == iati.PIPELINE
    assert iati.activity_dates(project, today) == [
        (iati.PLANNED_START, datetime.date(2099, 3, 1)),
        (iati.PLANNED_END, datetime.date(2100, 12, 31)),
    ]


def test_read_back_with_xpath(client, publisher):
    root = get_file(client)
    assert root.xpath("count(/iati-activities/iati-activity)") == len(published_projects())
    project = ProjectPage.objects.get(acronym="MOBIL'Hanoï")
    (activity,) = root.xpath(
        "/iati-activities/iati-activity[iati-identifier=$identifier]",
        identifier=f"{IDENTIFIER}-{project.translation_key}",
    )
    assert activity.xpath("title/narrative[@xml:lang='en']/text()") == [f"MOBIL'Hanoï – {project.title_en}"]
    assert activity.xpath("recipient-country/@code") == ["FR", "VN"]
    assert activity.xpath("recipient-country/@percentage") == ["50.00", "50.00"]
    assert activity.xpath("participating-org[@role='4']/narrative[@xml:lang='fr']/text()") == [
        "Conseil régional d’Île-de-France"
    ]
    assert activity.xpath("activity-date[@type='4']/@iso-date") == ["2016-04-30"]
    assert activity.xpath("sector/@code") == ["16020"]


def test_each_role_gives_its_iati_participating_org_role(client, publisher):
    acif = ProjectPage.objects.get(acronym="ACIF")
    acif.actual_start_date = datetime.date(2021, 9, 1)  # recorded by staff: now in the file
    acif.save()
    links = list(acif.partner_links.order_by("sort_order", "pk"))
    for link, role in zip(
        links, [PartnerRole.FUNDER, PartnerRole.CO_FUNDER, PartnerRole.IMPLEMENTING], strict=True
    ):
        link.role = role
        link.save()
    activity = activities_by_key(get_file(client))[str(acif.translation_key)]
    roles = [org.get("role") for org in activity.findall("participating-org") if org.get("ref") != IDENTIFIER]
    assert roles == ["1", "1", "4"]
