"""A result that raised a crisis alert says so on its page and links to the alert, for those
who may see alerts; any instrument's alert rule, not only PHQ-9's."""

from django.urls import reverse

from anxin.instruments.actions import do_record_response
from anxin.safety.models import Alert
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case, phq9


class ResultAlertTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = open_case(cls.p, stage="intake")

    def record(self, code, answers):
        return do_record_response(self.p.client_a, instrument_code=code, answers=answers,
                                  acting_user=self.p.wang_fang, case=self.case)

    def page(self, response, who=None):
        self.client.force_login(who or self.p.wang_fang)
        return self.client.get(reverse("instruments:response", args=[response.pk]))

    def test_it_says_a_phq9_result_raised_an_alert_and_links_to_it(self):
        """PHQ-9 item 9 answered 1: the response page names the alert and opens it."""
        response = self.record("phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
        alert = Alert.objects.get(source_id=response.pk, rule="phq9_self_harm")
        page = self.page(response)
        self.assertContains(page, f'data-raised-alert="{alert.pk}"')
        self.assertContains(page, f'href="{alert.get_absolute_url()}"')
        self.assertContains(page, "此结果触发了危机预警")

    def test_it_links_the_alert_of_any_instrument(self):
        """A risk level of 3 raises its own rule's alert; its page links to it as well."""
        response = self.record("risk_level", {"level": 3})
        alert = Alert.objects.get(source_id=response.pk, rule="risk_level_high")
        self.assertContains(self.page(response), f'href="{alert.get_absolute_url()}"')

    def test_it_still_links_a_resolved_alert(self):
        from anxin.safety.actions import do_resolve_alert, unticked_items

        response = self.record("phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))
        alert = Alert.objects.get(source_id=response.pk)
        do_resolve_alert(alert, acting_user=self.p.chen_min, resolution="已评估",
                         not_applicable={i.code: "不适用" for i in unticked_items(alert)})
        page = self.page(response)
        self.assertContains(page, f'href="{alert.get_absolute_url()}"')
        self.assertContains(page, "已解除")

    def test_it_says_nothing_when_no_alert_was_raised(self):
        page = self.page(self.record("phq9", phq9(1, 1, 0, 0, 0, 0, 0, 0, 0)))
        self.assertNotContains(page, "data-raised-alert")

    def test_it_hides_the_link_from_those_who_may_not_see_alerts(self):
        """The archivist reads the result but not crisis alerts: no alert link for them."""
        response = self.record("phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
        page = self.page(response, self.p.archivist_a)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "data-raised-alert")
