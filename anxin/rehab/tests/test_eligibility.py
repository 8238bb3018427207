"""Every admission criterion (REH-4.7.1, REH-5.2.1.1) at its edges, from the records Anxin
holds: ages 14/15/60/61 and 3/14 and over 60 by the centre's capability, risk level 1 and 2,
a dangerous incident 89 and 91 days ago, a crisis alert, the diagnosis, the screening answers;
then the supervisor's override, and the API that answers the same question."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from anxin.cases.workflow import TransitionRefused
from anxin.clients.actions import do_add_diagnosis
from anxin.instruments.actions import do_record_response
from anxin.notifications.models import Notification
from anxin.rehab import actions, eligibility
from anxin.rehab.eligibility import Facts
from anxin.rehab.models import CentreProfile, EligibilityOverride
from anxin.safety.actions import do_record_incident, raise_alert
from anxin.safety.models import Alert
from anxin.workspace.testing.personas import make_client

from .helpers import SCREENING_OK, Admission, CentreTestCase, born_years_ago


def facts(**changes) -> Facts:
    base = {"today": datetime.date(2026, 12, 4), "age": 35, "diagnoses": ["F20"],
            "screening": dict(SCREENING_OK), "risk_level": 1,
            "risk_on": datetime.date(2026, 12, 1), "dangerous_on": None,
            "takes_children": False, "takes_elderly": False}
    return Facts(**{**base, **changes})


def problems(**changes) -> dict[str, str]:
    return {r.rule.code: r.problem for r in eligibility.evaluate(facts(**changes)) if not r.met}


def test_someone_meeting_every_criterion_is_eligible():
    assert problems() == {}


@pytest.mark.parametrize(("age", "children", "elderly", "met"), [
    (2, True, True, False),
    (3, False, False, False), (3, True, False, True),
    (14, False, False, False), (14, True, False, True),
    (15, False, False, True), (60, False, False, True),
    (61, False, False, False), (61, False, True, True), (80, False, True, True),
])
def test_age_is_within_the_centres_capability(age, children, elderly, met):
    """REH-5.2.1.1.3: 15–60 by default; 3–14 with children's capability; over 60 with
    elderly capability."""
    found = problems(age=age, takes_children=children, takes_elderly=elderly)
    assert ("age" not in found) is met


@pytest.mark.parametrize(("level", "met"), [(0, True), (1, True), (2, False), (5, False)])
def test_the_total_risk_level_is_one_or_below(level, met):
    """REH-4.7.1.4 总危险度在1级以下（含1级）."""
    assert ("risk_level" not in problems(risk_level=level)) is met


def test_no_risk_assessment_is_not_eligible():
    found = problems(risk_level=None, risk_on=None)
    assert "risk_level" in found


@pytest.mark.parametrize(("answer", "rule"), [
    ("stable", "stable"), ("voluntary_medication", "voluntary_medication"),
    ("self_caring", "self_caring"), ("family_cooperates", "family_cooperates")])
def test_each_condition_of_4_7_1_2_is_needed(answer, rule):
    screening = {**SCREENING_OK, answer: False}
    assert set(problems(screening=screening)) == {rule}


@pytest.mark.parametrize("answer", ["infectious_disease", "severe_physical_disease"])
def test_an_infectious_or_severe_physical_disease_refuses(answer):
    """REH-4.7.1.3, REH-5.2.1.1.2."""
    assert set(problems(screening={**SCREENING_OK, answer: True})) == {"no_disease"}


def test_a_severe_disorder_must_be_in_the_national_system():
    """REH-4.7.1.1: a severe disorder under national system management; another disorder with
    the wish to be rehabilitated."""
    assert set(problems(screening={**SCREENING_OK, "national_system": False})) == {"diagnosis"}
    other = {**SCREENING_OK, "national_system": False}
    assert problems(diagnoses=["F32"], screening=other) == {}
    assert set(problems(diagnoses=["F32"], screening={**other, "wishes_rehabilitation": False})
               ) == {"diagnosis"}
    assert set(problems(diagnoses=[])) == {"diagnosis"}


def test_every_rule_cites_its_clause():
    assert all(rule.clause.startswith("REH-") for rule in eligibility.RULES)


class RecordsTest(CentreTestCase):
    """The same rules read from the database."""

    def screened(self, client):
        walk = Admission(self.open_case(client), self.worker, self.supervisor)
        walk.screening()
        return walk

    def result(self, client, case=None):
        return {r.rule.code: r for r in eligibility.evaluate(
            eligibility.gather(client, case=case))}

    def client_aged(self, years, sequence):
        client = make_client(self.centre, self.worker, name="周敏", sequence=sequence,
                             birth_date=born_years_ago(years))
        do_add_diagnosis(client, acting_user=self.worker, code="F20")
        do_record_response(client, instrument_code="risk_level", answers={"level": 0},
                           acting_user=self.worker)
        return client

    def test_ages_at_the_edges_follow_the_centre_profile(self):
        ages = {14: 51, 15: 52, 60: 53, 61: 54}
        clients = {age: self.client_aged(age, sequence) for age, sequence in ages.items()}
        met = {age: self.result(c)["age"].met for age, c in clients.items()}
        self.assertEqual(met, {14: False, 15: True, 60: True, 61: False})
        CentreProfile.objects.create(organization=self.centre, takes_children=True,
                                     takes_elderly=True)
        self.assertTrue(all(self.result(c)["age"].met for c in clients.values()))

    def test_risk_level_reads_the_latest_assessment(self):
        self.assertTrue(self.result(self.resident)["risk_level"].met)
        do_record_response(self.resident, instrument_code="risk_level", answers={"level": 2},
                           acting_user=self.worker)
        rule = self.result(self.resident)["risk_level"]
        self.assertFalse(rule.met)
        self.assertIn("2 级", rule.problem)

    def incident(self, days_ago: int):
        now = timezone.now()
        do_record_incident(self.resident, acting_user=self.worker, kind="violence",
                           occurred_at=now - datetime.timedelta(days=days_ago),
                           place="家中", people="张伟、母亲", description="摔砸物品")

    def test_a_violent_incident_89_days_ago_refuses_and_91_does_not(self):
        """REH-5.2.1.1.1 近3个月无危险事件发生, read as 90 days."""
        self.incident(91)
        self.assertTrue(self.result(self.resident)["no_danger"].met)
        self.incident(89)
        self.assertFalse(self.result(self.resident)["no_danger"].met)

    def test_a_high_risk_alert_in_the_window_refuses(self):
        alert = raise_alert("risk_level_high", organization=self.centre, client=self.resident,
                            worker=self.worker)
        self.assertFalse(self.result(self.resident)["no_danger"].met)
        Alert.objects.filter(pk=alert.pk).update(
            raised_at=timezone.now() - datetime.timedelta(days=95))
        self.assertTrue(self.result(self.resident)["no_danger"].met)

    def test_screening_answers_come_from_the_cases_own_form(self):
        walk = self.screened(self.resident)
        self.assertTrue(all(r.met for r in self.result(self.resident, walk.case).values()))
        other = Admission(self.open_case(self.client_aged(30, 55)), self.worker, self.supervisor)
        self.assertFalse(self.result(other.case.client, other.case)["screened"].met)

    def test_screen_in_is_refused_with_what_is_wrong(self):
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.screening(stable=False)
        with self.assertRaises(TransitionRefused) as refused:
            walk.move("screen_in")
        self.assertEqual([r.code for r in refused.exception.missing], ["rehab:eligible"])


class OverrideTest(CentreTestCase):
    def refused_case(self):
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.screening(family_cooperates=False)
        return walk

    def test_a_supervisor_overrides_with_a_reason_and_the_administrators_are_told(self):
        walk = self.refused_case()
        override = actions.do_override_eligibility(walk.case, acting_user=self.supervisor,
                                                   reason="家属同意每周陪同，先试行一个月")
        self.assertEqual(override.rules, ["family_cooperates"])
        self.assertEqual(walk.move("screen_in").stage, "application")
        self.assert_audited("rehab.eligibility_overridden", actor=self.supervisor,
                            target=walk.case)
        note = Notification.objects.get(recipient=self.admin)
        self.assertEqual(note.message, "rehab.eligibility.overridden")

    def test_only_a_supervisor_overrides(self):
        from anxin.core.exceptions import NotPermitted

        walk = self.refused_case()
        with self.assertRaises(NotPermitted):
            actions.do_override_eligibility(walk.case, acting_user=self.worker, reason="x")
        self.assertFalse(EligibilityOverride.objects.exists())

    def test_an_override_needs_a_reason(self):
        walk = self.refused_case()
        found = self.refusal(lambda: actions.do_override_eligibility(
            walk.case, acting_user=self.supervisor, reason="  "))
        self.assertEqual(found, {"reason": ["请说明仍予接收的理由。"]})

    def test_an_override_does_not_cover_a_criterion_that_fails_later(self):
        walk = self.refused_case()
        actions.do_override_eligibility(walk.case, acting_user=self.supervisor, reason="试行")
        do_record_response(self.resident, instrument_code="risk_level", answers={"level": 2},
                           acting_user=self.worker)
        with self.assertRaises(TransitionRefused):
            walk.move("screen_in")

    def test_nothing_to_override_when_every_criterion_is_met(self):
        walk = Admission(self.open_case(), self.worker, self.supervisor)
        walk.screening()
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            actions.do_override_eligibility(walk.case, acting_user=self.supervisor, reason="x")
        self.assertIn("无需例外处理", caught.exception.messages[0])

    def test_the_override_page_shows_the_criteria_and_takes_the_supervisors_reason(self):
        walk = self.refused_case()
        url = reverse("rehab:eligibility", args=[walk.case.pk])
        self.client.force_login(self.worker)
        page = self.client.get(url)
        self.assertContains(page, "家属不配合。")
        self.assertNotContains(page, 'id="override"')
        self.assertEqual(self.client.post(url, {"reason": "x"}).status_code, 403)
        self.client.force_login(self.supervisor)
        self.assertContains(self.client.get(url), 'id="override"')
        done = self.client.post(url, {"reason": "家属同意陪同"})
        self.assertRedirects(done, url)
        self.assertEqual(EligibilityOverride.objects.get().decided_by, self.supervisor)
        self.client.force_login(self.quality)
        self.assertContains(self.client.get(reverse("rehab:overrides")), "家属同意陪同")


class EligibilityApiTest(CentreTestCase):
    url = "/api/v1/rehabilitation/eligibility/"

    def test_it_answers_each_rule_with_its_clause(self):
        self.client.force_login(self.worker)
        answer = self.client.post(self.url, {"client": self.resident.pk},
                                  content_type="application/json")
        self.assertEqual(answer.status_code, 200)
        body = answer.json()
        self.assertFalse(body["eligible"])  # no screening form yet
        rules = {r["code"]: r for r in body["rules"]}
        self.assertEqual(list(rules), list(eligibility.RULE_CODES))
        self.assertEqual(rules["risk_level"]["clause"], "REH-4.7.1.4")
        self.assertTrue(rules["risk_level"]["met"])
        self.assertFalse(rules["screened"]["met"])

    def test_another_organisations_client_is_not_found(self):
        self.client.force_login(self.worker)
        answer = self.client.post(self.url, {"client": self.p.client_a.pk},
                                  content_type="application/json")
        self.assertEqual(answer.status_code, 400)
        self.assertEqual(answer.json()["error"]["fields"]["client"][0]["message"],
                         "请选择您负责的服务对象。")

    def test_who_may_ask(self):
        for user, status in ((self.quality, 200), (self.p.wang_fang, 403), (self.p.viewer, 403)):
            self.client.force_login(user)
            answer = self.client.post(self.url, {"client": self.resident.pk},
                                      content_type="application/json")
            self.assertEqual(answer.status_code, status, user)


@pytest.mark.parametrize(("code", "severe"), [
    ("F20", True), ("F20.0", True), ("f31.2", True), ("F70-F79", True), ("F71", True),
    ("F79.9", True), ("F32", False), ("F80", False), ("F06", True)])
def test_a_severe_disorder_is_recognised_whatever_the_detail_of_its_code(code, severe):
    assert eligibility.is_severe(code) is severe
