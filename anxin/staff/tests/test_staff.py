"""Organisation administration: adding, changing, deactivating members, hand-over of cases,
qualifications, training and the staffing rules (CMH-9.1, CMH-9.2, MSW-9.1.1.2); each rule's
clause is proven on its own in test_staff_rules.py."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anxin.accounts.choices import HospitalGrade, Role
from anxin.accounts.models import ApiToken, Membership, Organization
from anxin.cases.actions import do_open_case, do_reassign_cases
from anxin.cases.models import Case
from anxin.core.exceptions import NotPermitted, NotVisible
from anxin.staff import actions, compliance
from anxin.staff.rules import required_social_workers
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import PASSWORD


def open_case(p, client, worker):
    return do_open_case(client, acting_user=worker, worker=worker, supervisor=None,
                        source="sought_help", application_date=timezone.localdate())


class MemberActionTest(PersonaTestCase):
    def test_it_adds_a_member_with_a_temporary_password_to_change_at_first_sign_in(self):
        user, password = actions.do_add_member(
            self.p.org_a, acting_user=self.p.admin_a, username="zhangsan", full_name="张三",
            role=Role.WORKER, mobile="13800001111")
        self.assertTrue(user.must_change_password)
        self.assertTrue(user.check_password(password))
        self.assertEqual(user.membership.organization, self.p.org_a)
        self.assert_audited("staff.member_added", actor=self.p.admin_a, target=user)
        self.client.force_login(user)
        response = self.client.get(reverse("cases:list"))
        self.assertRedirects(response, reverse("accounts:password_change"))
        self.client.post(reverse("accounts:password_change"), {
            "old_password": password, "new_password1": "a-much-better-secret",
            "new_password2": "a-much-better-secret"})
        user.refresh_from_db()
        self.assertFalse(user.must_change_password)
        self.assertEqual(self.client.get(reverse("cases:list")).status_code, 200)
        self.assert_audited("auth.password_changed", actor=user)

    def test_it_refuses_a_taken_username_and_names_the_field(self):
        with self.assertRaises(ValidationError) as caught:
            actions.do_add_member(self.p.org_a, acting_user=self.p.admin_a,
                                  username="WangFang", full_name="x", role=Role.WORKER)
        self.assertIn("username", caught.exception.message_dict)

    def test_only_the_organisations_admin_manages_its_staff(self):
        for user in (self.p.wang_fang, self.p.chen_min, self.p.archivist_a, self.p.zhao_lei):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                actions.do_add_member(self.p.org_a, acting_user=user, username="x1",
                                      full_name="x", role=Role.WORKER)
        with self.assertRaises(NotVisible):
            actions.do_reset_password(self.p.zhao_lei, acting_user=self.p.admin_a)

    def test_making_an_ineligible_supervisor_needs_a_recorded_reason(self):
        """CMH-9.2: five years in the field and 社会工作师; otherwise a reason is asked for."""
        with self.assertRaises(ValidationError) as caught:
            actions.do_change_member_role(self.p.li_qiang, acting_user=self.p.admin_a,
                                          role=Role.SUPERVISOR, team=None)
        self.assertIn("supervisor_exception_reason", caught.exception.message_dict)
        actions.do_change_member_role(self.p.li_qiang, acting_user=self.p.admin_a,
                                      role=Role.SUPERVISOR, team=None,
                                      supervisor_exception_reason="暂无符合条件人员，临时代理")
        membership = Membership.objects.get(user=self.p.li_qiang)
        self.assertEqual(membership.role, Role.SUPERVISOR)
        self.assertTrue(membership.supervisor_exception_reason)
        event = self.assert_audited("staff.member_changed", target=self.p.li_qiang)
        self.assertTrue(event.data["supervisor_exception"])

    def test_an_eligible_member_becomes_supervisor_without_a_reason(self):
        actions.do_update_staff_record(self.p.li_qiang, acting_user=self.p.admin_a,
                                       in_field_since=datetime.date(2015, 3, 1))
        actions.do_add_qualification(self.p.li_qiang, acting_user=self.p.admin_a,
                                     kind="social_worker", issued_on=datetime.date(2018, 6, 1))
        actions.do_change_member_role(self.p.li_qiang, acting_user=self.p.admin_a,
                                      role=Role.SUPERVISOR, team=None)
        self.assertEqual(Membership.objects.get(user=self.p.li_qiang).role, Role.SUPERVISOR)

    def test_deactivation_ends_sessions_and_tokens_and_keeps_history(self):
        ApiToken.objects.create(user=self.p.li_qiang, name="test")
        self.client.force_login(self.p.li_qiang)
        self.assertEqual(self.client.get(reverse("clients:list")).status_code, 200)
        actions.do_deactivate_member(self.p.li_qiang, acting_user=self.p.admin_a)
        response = self.client.get(reverse("clients:list"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ApiToken.objects.filter(user=self.p.li_qiang).exists())
        self.p.li_qiang.refresh_from_db()
        self.assertFalse(self.p.li_qiang.is_active)
        self.assert_audited("staff.member_deactivated", target=self.p.li_qiang)

    def test_deactivating_a_worker_with_open_cases_asks_where_they_go(self):
        case = open_case(self.p, self.p.client_a2, self.p.li_qiang)
        with self.assertRaises(ValidationError) as caught:
            actions.do_deactivate_member(self.p.li_qiang, acting_user=self.p.admin_a)
        self.assertIn("hand_over_to", caught.exception.message_dict)
        self.assertTrue(Membership.objects.get(user=self.p.li_qiang).is_active)
        actions.do_deactivate_member(self.p.li_qiang, acting_user=self.p.admin_a,
                                     hand_over_to=self.p.wang_fang, reason="离职")
        case.refresh_from_db()
        self.assertEqual(case.worker, self.p.wang_fang)
        # The new worker's team supervisor follows the case.
        self.assertEqual(case.supervisor, self.p.chen_min)

    def test_unlock_clears_the_lock_out(self):
        from axes.models import AccessAttempt

        AccessAttempt.objects.create(username="liqiang", failures_since_start=5,
                                     user_agent="", ip_address="127.0.0.1", http_accept="",
                                     path_info="/", get_data="", post_data="")
        self.assertIn("liqiang", compliance.locked_usernames(["liqiang"]))
        actions.do_unlock_member(self.p.li_qiang, acting_user=self.p.admin_a)
        self.assertNotIn("liqiang", compliance.locked_usernames(["liqiang"]))
        self.assert_audited("staff.member_unlocked", target=self.p.li_qiang)

    def test_reset_password_ends_the_old_one(self):
        password = actions.do_reset_password(self.p.li_qiang, acting_user=self.p.admin_a)
        self.p.li_qiang.refresh_from_db()
        self.assertFalse(self.p.li_qiang.check_password(PASSWORD))
        self.assertTrue(self.p.li_qiang.check_password(password))
        self.assertTrue(self.p.li_qiang.must_change_password)
        self.assert_audited("staff.password_reset", target=self.p.li_qiang)


class ReassignTest(PersonaTestCase):
    def test_bulk_reassignment_is_all_or_nothing(self):
        a = open_case(self.p, self.p.client_a, self.p.wang_fang)
        b = open_case(self.p, self.p.client_a2, self.p.li_qiang)
        other = open_case(self.p, self.p.client_b, self.p.zhao_lei)
        with self.assertRaises(NotVisible):
            do_reassign_cases([a.pk, b.pk, other.pk], acting_user=self.p.admin_a,
                              to_worker=self.p.li_qiang, reason="调整")
        self.assertEqual(Case.objects.get(pk=a.pk).worker, self.p.wang_fang)
        moved = do_reassign_cases([a.pk, b.pk], acting_user=self.p.admin_a,
                                  to_worker=self.p.li_qiang, reason="工作量调整")
        self.assertEqual({c.worker for c in moved}, {self.p.li_qiang})
        self.assert_audited("case.reassigned", actor=self.p.admin_a, target=a)

    def test_a_worker_may_not_reassign(self):
        a = open_case(self.p, self.p.client_a, self.p.wang_fang)
        with self.assertRaises(NotPermitted):
            do_reassign_cases([a.pk], acting_user=self.p.wang_fang, to_worker=self.p.li_qiang,
                              reason="x")


class ComplianceTest(PersonaTestCase):
    def test_the_training_target_counts_this_years_hours(self):
        """CMH-9.1: 120 hours a year for a community station's workers."""
        today = datetime.date(2026, 12, 1)
        actions.do_add_training(self.p.wang_fang, acting_user=self.p.admin_a,
                                date=datetime.date(2026, 3, 1), hours=Decimal(100),
                                topic="精神卫生政策")
        actions.do_add_training(self.p.wang_fang, acting_user=self.p.admin_a,
                                date=datetime.date(2025, 3, 1), hours=Decimal(40),
                                topic="去年")
        status = next(s for s in compliance.member_statuses(self.p.org_a, today=today)
                      if s.member == self.p.wang_fang)
        self.assertEqual(status.hours, Decimal(100))
        self.assertIn("CMH-9.1", [f.clause for f in status.findings])
        actions.do_add_training(self.p.wang_fang, acting_user=self.p.admin_a,
                                date=datetime.date(2026, 5, 1), hours=Decimal(20),
                                topic="危机干预")
        actions.do_add_qualification(self.p.wang_fang, acting_user=self.p.admin_a,
                                     kind="assistant_social_worker",
                                     issued_on=datetime.date(2020, 1, 1))
        status = next(s for s in compliance.member_statuses(self.p.org_a, today=today)
                      if s.member == self.p.wang_fang)
        self.assertEqual(status.findings, [])

    def test_the_hospital_staffing_ratio(self):
        """MSW-9.1.1.2: one per 100 beds (III-A), per 150 (II-A and below), per 80 (others)."""
        self.assertEqual(required_social_workers(HospitalGrade.TERTIARY_A, 1200), 12)
        self.assertEqual(required_social_workers(HospitalGrade.TERTIARY_A, 1201), 13)
        self.assertEqual(required_social_workers(HospitalGrade.SECONDARY_A_OR_BELOW, 300), 2)
        self.assertEqual(required_social_workers(HospitalGrade.SPECIALIST_OR_OTHER, 160), 2)
        Organization.objects.filter(pk=self.p.org_b.pk).update(
            hospital_grade=HospitalGrade.TERTIARY_A)
        self.p.org_b.refresh_from_db()
        ratio = compliance.staffing_ratio(self.p.org_b)
        self.assertEqual((ratio.required, ratio.qualified, ratio.met), (12, 0, False))
        self.assertIsNone(compliance.staffing_ratio(self.p.org_a))


class PagePermissionTest(PersonaTestCase):
    """Staff pages: the org admin only; another organisation's member is a 404."""

    def test_who_may_open_the_staff_pages(self):
        pages = [reverse("staff:directory"), reverse("staff:compliance"),
                 reverse("staff:member_add"), reverse("staff:member", args=[self.p.wang_fang.pk])]
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for url in pages:
                with self.subTest(user=name, url=url):
                    expected = 200 if name == "admin_a" else 403
                    self.assertEqual(self.client.get(url).status_code, expected)
        self.client.force_login(self.p.admin_a)
        self.assertEqual(self.client.get(reverse(
            "staff:member", args=[self.p.zhao_lei.pk])).status_code, 404)

    def test_the_directory_query_count_does_not_grow_with_members(self):
        self.client.force_login(self.p.admin_a)
        self.client.get(reverse("staff:directory"))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as before:
            self.client.get(reverse("staff:directory"))
        for i in range(5):
            actions.do_add_member(self.p.org_a, acting_user=self.p.admin_a,
                                  username=f"extra{i}", full_name=f"成员{i}", role=Role.WORKER)
        with CaptureQueriesContext(connection) as after:
            self.client.get(reverse("staff:directory"))
        self.assertEqual(len(before), len(after))

    def test_the_platform_admin_registers_a_hospital_with_its_first_admin(self):
        from anxin.accounts.models import User

        root = User.objects.create(username="root", is_superuser=True, is_staff=True)
        organization, admin, password = actions.do_create_organization(
            acting_user=root, name="成都市第一人民医院", code="CDYY", kind="hospital",
            district_code="510107", hospital_grade=HospitalGrade.TERTIARY_A, bed_count=800,
            admin_username="cdyy_admin", admin_full_name="马丽")
        self.assertEqual(organization.city.code, "510100")
        self.assertEqual(admin.membership.role, Role.ORG_ADMIN)
        self.assertTrue(password)
        with self.assertRaises(ValidationError) as caught:
            actions.do_create_organization(acting_user=root, name="某医院", code="X2",
                                           kind="hospital", district_code="510107")
        self.assertIn("hospital_grade", caught.exception.message_dict)
        with self.assertRaises(NotPermitted):
            actions.do_create_organization(acting_user=self.p.admin_a, name="n", code="N",
                                           kind="hospital", district_code="510107")


class StaffApiTest(PersonaTestCase):
    def test_only_the_org_admin_uses_the_staff_api(self):
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            with self.subTest(user=name):
                expected = 200 if name == "admin_a" else 403
                self.assertEqual(self.client.get("/api/v1/staff/").status_code, expected)
        self.client.force_login(self.p.admin_a)
        self.assertEqual(self.client.get(f"/api/v1/staff/{self.p.zhao_lei.pk}/").status_code,
                         404)

    def test_it_adds_changes_and_deactivates_over_the_api(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.post("/api/v1/staff/", {
            "username": "apiuser", "full_name": "接口", "role": "worker"},
            content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        member_id = response.json()["id"]
        self.assertTrue(response.json()["temporary_password"])
        response = self.client.patch(f"/api/v1/staff/{member_id}/", {"major": "社会工作"},
                                     content_type="application/json")
        self.assertEqual(response.json()["major"], "社会工作")
        response = self.client.post(f"/api/v1/staff/{member_id}/deactivate/", {},
                                    content_type="application/json")
        self.assertEqual(response.json()["is_active"], False)

    def test_reassign_over_the_api(self):
        a = open_case(self.p, self.p.client_a, self.p.wang_fang)
        self.client.force_login(self.p.wang_fang)
        body = {"cases": [a.pk], "to_worker": self.p.li_qiang.pk, "reason": "调整"}
        self.assertEqual(self.client.post("/api/v1/cases/reassign/", body,
                                          content_type="application/json").status_code, 403)
        self.client.force_login(self.p.admin_a)
        response = self.client.post("/api/v1/cases/reassign/", body,
                                    content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Case.objects.get(pk=a.pk).worker, self.p.li_qiang)


class AttachmentTest(PersonaTestCase):
    def test_a_certificate_copy_goes_to_the_admin_only_and_each_download_is_audited(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        qualification = actions.do_add_qualification(
            self.p.wang_fang, acting_user=self.p.admin_a, kind="social_worker",
            issued_on=datetime.date(2021, 6, 1),
            scan=SimpleUploadedFile("cert.pdf", b"%PDF-1.4 scan", "application/pdf"))
        url = reverse("staff:attachment", args=[self.p.wang_fang.pk, "qualification",
                                                qualification.pk])
        self.client.force_login(self.p.wang_fang)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.p.admin_a)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 scan")
        self.assert_audited("staff.attachment_downloaded", actor=self.p.admin_a,
                            target=qualification)
        other = reverse("staff:attachment", args=[self.p.zhao_lei.pk, "qualification",
                                                  qualification.pk])
        self.assertEqual(self.client.get(other).status_code, 404)
