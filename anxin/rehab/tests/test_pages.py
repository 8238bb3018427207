"""Who may use each page of the rehabilitation centre, and what they see: the reception
register (REH-5.3.1), the centre profile and medical partners (REH-4.7.3.6, 4.9.2.2,
5.2.1.1.3), the overrides, a case's criteria and rehabilitation file (REH-4.7.3.1); another
organisation's case is a 404, a community station has none of these pages."""

import datetime

from django.urls import reverse
from django.utils import timezone

from anxin.rehab import actions
from anxin.rehab.models import CentreProfile, Enquiry, MedicalPartner

from .helpers import Admission, CentreTestCase


class CentrePagesTest(CentreTestCase):
    def status(self, user, url, method="get", data=None):
        self.client.force_login(user)
        return getattr(self.client, method)(url, data or {}).status_code

    def test_who_may_read_the_centres_pages(self):
        pages = [reverse("rehab:enquiries"), reverse("rehab:overrides")]
        for user, expected in ((self.worker, 200), (self.supervisor, 200), (self.admin, 200),
                               (self.quality, 200), (self.archivist, 200),
                               (self.p.wang_fang, 403), (self.p.viewer, 403)):
            for url in pages:
                self.assertEqual(self.status(user, url), expected, (user, url))

    def test_only_the_centres_administrator_keeps_its_profile(self):
        url = reverse("rehab:centre")
        for user, expected in ((self.admin, 200), (self.worker, 403), (self.supervisor, 403),
                               (self.quality, 403), (self.p.admin_a, 403)):
            self.assertEqual(self.status(user, url), expected, user)

    def test_the_profile_keeps_capabilities_and_beds(self):
        self.client.force_login(self.admin)
        url = reverse("rehab:centre")
        refused = self.client.post(url, {"residential_services": "on", "beds_male": 0,
                                         "beds_female": 0})
        self.assertContains(refused, "全日制机构应配置男女分设的床位")
        self.assertFalse(CentreProfile.objects.exists())
        done = self.client.post(url, {"residential_services": "on", "day_services": "on",
                                      "beds_male": 12, "beds_female": 8,
                                      "takes_elderly": "on"})
        self.assertRedirects(done, url)
        profile = CentreProfile.objects.get(organization=self.centre)
        self.assertEqual((profile.beds_male, profile.beds_female, profile.takes_elderly,
                          profile.takes_children), (12, 8, True, False))
        self.assert_audited("rehab.profile_updated", actor=self.admin)

    def test_medical_partners_are_added_and_ended(self):
        self.client.force_login(self.admin)
        refused = self.client.post(reverse("rehab:partner_add"), {"kind": "psychiatric_hospital",
                                                                  "name": " ",
                                                                  "arrangement": "point_to_point"})
        self.assertContains(refused, "此项为必填项。")
        self.assertFalse(MedicalPartner.objects.exists())
        self.client.post(reverse("rehab:partner_add"), {
            "kind": "psychiatric_hospital", "name": "成都市第四人民医院",
            "arrangement": "point_to_point", "contact_person": "刘医生"})
        partner = MedicalPartner.objects.get()
        self.assertContains(self.client.get(reverse("rehab:centre")), "成都市第四人民医院")
        end = reverse("rehab:partner_end", args=[partner.pk])
        self.client.post(end, {"ended_on": timezone.localdate().isoformat()})
        partner.refresh_from_db()
        self.assertEqual(partner.ended_on, timezone.localdate())
        self.client.force_login(self.p.admin_a)
        self.assertEqual(self.client.get(end).status_code, 403)

    def test_an_enquiry_is_registered_with_what_came_of_it(self):
        self.client.force_login(self.worker)
        url = reverse("rehab:enquiry_new")
        refused = self.client.post(url, {
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "channel": "phone",
            "asker": "family", "topics": ["rehabilitation"], "outcome": "appointment"})
        self.assertContains(refused, "请填写预约时间。")
        self.assertFalse(Enquiry.objects.exists())
        soon = timezone.localtime() + datetime.timedelta(days=2)
        done = self.client.post(url, {
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "channel": "phone",
            "asker": "family", "asker_name": "张伟母亲", "topics": ["rehabilitation", "policy"],
            "outcome": "appointment", "appointment_at": soon.strftime("%Y-%m-%dT%H:%M")})
        self.assertRedirects(done, reverse("rehab:enquiries"))
        page = self.client.get(reverse("rehab:enquiries"))
        self.assertContains(page, "张伟母亲")
        self.assertContains(page, "康复活动、政策与医疗保险")
        self.assert_audited("rehab.enquiry_recorded", actor=self.worker)
        self.client.force_login(self.quality)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_register_lists_in_a_fixed_number_of_queries(self):
        for n in range(3):
            actions.do_record_enquiry(self.centre, acting_user=self.worker,
                                      received_at=timezone.now(), channel="walk_in",
                                      asker="client", topics=["employment"],
                                      outcome="information", asker_name=f"来访者{n}")
        self.client.force_login(self.worker)
        self.client.get(reverse("rehab:enquiries"))  # the session warmed up
        three = self._queries()
        for _n in range(5):
            actions.do_record_enquiry(self.centre, acting_user=self.worker,
                                      received_at=timezone.now(), channel="walk_in",
                                      asker="client", topics=["employment"],
                                      outcome="information")
        self.assertEqual(self._queries(), three)

    def _queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get(reverse("rehab:enquiries"))
        return len(captured)


class CasePagesTest(CentreTestCase):
    def setUp(self):
        self.walk = Admission(self.open_case(), self.worker, self.supervisor)
        self.walk.screening(stable=False)

    def test_the_case_page_lists_the_rehabilitation_documents_not_forms_a_to_g(self):
        self.client.force_login(self.worker)
        page = self.client.get(self.walk.case.get_absolute_url())
        self.assertContains(page, 'id="rehab-panel"')
        self.assertContains(page, "病情不稳定。")
        self.assertContains(page, 'data-kind="reh_admission_application"')
        self.assertNotContains(page, 'id="doc-consent"')

    def test_a_community_case_page_has_no_rehabilitation_panel(self):
        from anxin.cases.actions import do_open_case

        case = do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                            worker=self.p.wang_fang, source="sought_help",
                            application_date=timezone.localdate())
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(case.get_absolute_url())
        self.assertNotContains(page, 'id="rehab-panel"')
        self.assertContains(page, 'id="doc-consent"')
        self.assertEqual(self.client.get(reverse("rehab:file", args=[case.pk])).status_code,
                         404)

    def test_who_may_read_a_cases_criteria_and_file(self):
        case = self.walk.case
        for name in ("rehab:eligibility", "rehab:file"):
            url = reverse(name, args=[case.pk])
            for user, expected in ((self.worker, 200), (self.supervisor, 200),
                                   (self.quality, 200), (self.archivist, 200),
                                   (self.admin, 200), (self.home_worker, 404),
                                   (self.p.wang_fang, 404), (self.p.viewer, 403)):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, expected, (user, name))

    def test_the_file_lists_the_documents_in_the_standards_order_and_the_change(self):
        walk = Admission(self.open_case(self.resident), self.worker, self.supervisor)
        walk.admit(self.risk)
        walk.intake_assessment(sdss=6, zbi=38)
        walk.move("complete_intake_assessment")
        walk.plan()
        walk.move("start_rehabilitation")
        walk.move("start_mid_evaluation")
        walk.evaluation("mid", sdss=4, zbi=30)
        self.client.force_login(self.quality)
        page = self.client.get(reverse("rehab:file", args=[walk.case.pk]))
        sections = [s for s in page.context["sections"]]
        self.assertEqual([s["code"] for s in sections], [
            "reh_needs_survey", "reh_screening", "reh_admission_application",
            "reh_admission_assessment", "reh_agreement", "reh_information_exchange",
            "reh_intake_assessment", "reh_plan", "medication", "reh_evaluation", "activities",
            "reh_exit"])
        mid = [row for row in page.context["progress"] if row["phase"] == "mid"][0]
        self.assertEqual(mid["values"]["sdss_total"], {"value": 4, "change": -2})
        self.assertEqual(mid["values"]["zbi_total"], {"value": 30, "change": -8})
        self.assertContains(page, "(-8)")


class ClientFileTest(CentreTestCase):
    def test_a_centres_client_file_leads_to_the_medication_record(self):
        """REH-4.7.3.1 服药记录 is part of a resident's file; a station's file has none."""
        self.client.force_login(self.worker)
        page = self.client.get(f"/clients/{self.resident.pk}/")
        self.assertContains(page, reverse("medication:client", args=[self.resident.pk]))
        self.client.force_login(self.p.wang_fang)
        self.assertNotContains(self.client.get(f"/clients/{self.p.client_a.pk}/"),
                               'id="medication-link"')


class CaseListTest(CentreTestCase):
    def test_a_centres_case_list_filters_by_its_own_pathways_stages(self):
        self.client.force_login(self.worker)
        page = self.client.get(reverse("cases:list"))
        codes = [stage.code for stage in page.context["stages"]]
        self.assertIn("mid_evaluation", codes)
        self.assertNotIn("assessment", codes)
