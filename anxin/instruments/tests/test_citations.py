"""What users read of where an instrument comes from: a proper citation (authors, year, title,
and LOINC codes where they exist), on every page that shows an instrument and in the
definition API, and never a working note (a repost site, a web address, a verification tag)."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from anxin.instruments.actions import do_issue_client_link, do_record_response
from anxin.instruments.definitions import (
    SUM,
    Citation,
    Instrument,
    InstrumentError,
    Item,
    Option,
    Scale,
    Text,
)
from anxin.instruments.registry import ALL
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case

# The sites and tags domain-facts.md names as where facts were checked: developers' notes.
# Whole words only: a page's random tokens (CSRF) may hold "ycbk" by chance.
WORKING_NOTES = re.compile(
    r"\b(?:calcipedia|lxscale|ewsos|xtxinli|repost|qiqiwenku|renrendoc|scribd|nursekey|"
    r"jinchutou|lyxsdst|wjx\.cn|sanwenwang|bigxun|ycbk|people\.com|777doc|exp8|seaqol|"
    r"washington\.edu)\b|https?://|www\.|\[(?:P|U|V|V-2)\]",
    re.IGNORECASE)
# The one address a page may carry: the SVG namespace of an inline icon.
SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'


def sample_answers(definition) -> dict:
    """A complete, valid set of answers: the lowest scored option, or the smallest number."""
    answers = {}
    for item in definition.items:
        if item.options:
            answers[item.code] = item.scored_values[0]
        else:
            answers[item.code] = str(item.minimum + Decimal(50))
    return answers


def notes_in(text: str) -> list[str]:
    return WORKING_NOTES.findall(text.replace(SVG_NAMESPACE, ""))


class CitationPagesTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = open_case(cls.p, stage="intake")

    def setUp(self):
        self.client.force_login(self.p.wang_fang)

    def assert_cited(self, page: str, definition, where: str) -> None:
        self.assertEqual(notes_in(page), [], f"{definition.code}: {where}")
        for citation in definition.citations:
            self.assertIn(escape(str(citation)), page, f"{definition.code}: {where}")
        for code in definition.loinc_codes:
            self.assertIn(code, page, f"{definition.code}: {where}")

    def test_it_cites_each_instrument_and_shows_no_working_note_on_its_pages(self):
        """The form, the stored response and (for self-report) the client's link page of every
        instrument show its citation and LOINC codes and nothing of the research notes."""
        for definition in ALL:
            with self.subTest(instrument=definition.code):
                page = self.client.get(reverse("instruments:administer",
                                               args=[self.case.pk, definition.code]))
                self.assert_cited(page.content.decode(), definition, "form")
                response = do_record_response(
                    self.p.client_a, instrument_code=definition.code,
                    answers=sample_answers(definition), acting_user=self.p.wang_fang,
                    case=self.case)
                page = self.client.get(response.get_absolute_url())
                self.assertContains(page, "data-citation")
                self.assert_cited(page.content.decode(), definition, "response")
                if definition.self_report:
                    _link, token = do_issue_client_link(
                        self.case, instrument_code=definition.code,
                        acting_user=self.p.wang_fang)
                    page = self.client.get(reverse("instruments:fill", args=[token]))
                    self.assert_cited(page.content.decode(), definition, "client link")

    def test_it_shows_the_phq9_flag_with_its_clause_not_its_research_notes(self):
        """The item-9 warning cites the clause (PSY-measure-7), not the sites it was read on."""
        answers = {f"item_{n}": 0 for n in range(1, 10)} | {"item_9": 1}
        response = do_record_response(self.p.client_a, instrument_code="phq9", answers=answers,
                                      acting_user=self.p.wang_fang, case=self.case)
        page = self.client.get(response.get_absolute_url()).content.decode()
        self.assertIn('data-flag="self_harm_thoughts"', page)
        self.assertIn("PSY-measure-7", page)
        self.assertEqual(notes_in(page), [])
        self.assertIn("Kroenke K, Spitzer RL, Williams JBW (2001)", page)
        self.assertIn("LOINC 44249-1, 44261-6", page)


class CitationApiTest(PersonaTestCase):
    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.p.wang_fang)

    def test_it_gives_each_definition_its_citations_and_no_working_note(self):
        """The definition API carries the citations (authors, year, title) and the one-line
        source; nothing in it is a web address or a note on where a fact was checked."""
        body = self.api.get(reverse("instrument-list")).json()
        self.assertEqual({i["code"] for i in body}, {d.code for d in ALL})
        for entry in body:
            with self.subTest(instrument=entry["code"]):
                self.assertEqual(notes_in(json.dumps(entry, ensure_ascii=False)), [])
                self.assertTrue(entry["citations"])
                for citation in entry["citations"]:
                    self.assertTrue(citation["title"])
                self.assertIn(entry["citations"][0]["title"], entry["source"])
        phq9 = next(i for i in body if i["code"] == "phq9")
        self.assertEqual(phq9["citations"][0], {
            "authors": "Kroenke K, Spitzer RL, Williams JBW", "year": "2001",
            "title": "The PHQ-9: validity of a brief depression severity measure",
            "published_in": "Journal of General Internal Medicine 16(9):606–613"})
        self.assertTrue(phq9["source"].endswith("LOINC 44249-1, 44261-6"))

    def test_it_scores_with_flags_that_cite_clauses_only(self):
        answers = {f"item_{n}": 1 for n in range(1, 10)}
        body = self.api.post(reverse("instrument-score", args=["phq9"]), {"answers": answers},
                             format="json").json()
        self.assertEqual(notes_in(json.dumps(body, ensure_ascii=False)), [])


T = Text("x", "x")


def table(citation: Citation, **extra) -> Instrument:
    return Instrument(
        code="t", version=1, name=T,
        items=(Item("a", "1", T, (Option(0, T), Option(1, T))),),
        scales=(Scale("total", T, SUM, ("a",), 0, 1, **extra),),
        citations=(citation,))


@pytest.mark.parametrize("citation, scale", [
    (Citation("A", "2001", "Title", "https://example.org/x"), {}),
    (Citation("A", "2001", "Title (m.ewsos.com repost)"), {}),
    (Citation("A", "2001", "Title"), {"clause": "[P] from a training deck"}),
    (Citation("A", "2001", "Title"), {"clause": "see lxscale.xyz phq9"}),
])
def test_it_refuses_a_table_that_would_show_a_working_note(citation, scale):
    """Building a definition fails when anything users read carries an address or a tag."""
    with pytest.raises(InstrumentError, match="web address or a working note"):
        table(citation, **scale)


def test_it_refuses_a_table_without_a_citation():
    with pytest.raises(InstrumentError, match="cite at least one"):
        Instrument(code="t", version=1, name=T,
                   items=(Item("a", "1", T, (Option(0, T), Option(1, T))),),
                   scales=(Scale("total", T, SUM, ("a",), 0, 1),), citations=())
