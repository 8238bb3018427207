"""The alert page of a client offers tap-to-call links for the client, their guardian, caregiver
and emergency contact, to those who work alerts (CMH-8.2.2b: contact the family)."""

from django.urls import reverse

from anxin.clients.models import Contact
from anxin.safety import actions
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import open_case


class AlertContactsTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client = cls.p.client_a
        Contact.objects.create(client=client, kind="emergency", name="张强", relationship="哥哥",
                               phone="13900000002")
        Contact.objects.create(client=client, kind="guardian", name="李梅", relationship="母亲",
                               phone="13900000001")

    def setUp(self):
        self.alert = actions.raise_alert("phq9_self_harm", organization=self.p.org_a,
                                         client=self.p.client_a, case=open_case(self.p))

    def page(self, who):
        self.client.force_login(who)
        return self.client.get(reverse("safety:alert", args=[self.alert.pk])).content.decode()

    def test_it_offers_to_call_the_client_guardian_and_emergency_contact(self):
        page = self.page(self.p.wang_fang)
        client_phone = self.p.client_a.phone
        for kind, phone in (("client", client_phone), ("guardian", "13900000001"),
                            ("emergency", "13900000002")):
            with self.subTest(kind=kind):
                self.assertIn(f'href="tel:{phone}" data-call="{kind}"', page)
        # The client first, then the guardian, then the emergency contact.
        self.assertLess(page.index('data-call="client"'), page.index('data-call="guardian"'))
        self.assertLess(page.index('data-call="guardian"'), page.index('data-call="emergency"'))
        self.assertIn("李梅（母亲）", page)

    def test_the_supervisor_who_works_the_alert_gets_the_links_too(self):
        self.assertIn('href="tel:13900000001"', self.page(self.p.chen_min))

    def test_readers_who_do_not_work_alerts_get_no_links(self):
        page = self.page(self.p.quality_a)
        self.assertNotIn('href="tel:', page)

    def test_an_alert_without_a_client_offers_no_client_links(self):
        alert = actions.raise_alert("self_assessment_contact", organization=self.p.org_a)
        self.client.force_login(self.p.chen_min)
        page = self.client.get(reverse("safety:alert", args=[alert.pk])).content.decode()
        self.assertNotIn('id="alert-contacts"', page)
