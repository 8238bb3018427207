"""Organisation administration seen from outside: who may open or post to each staff page,
what each remaining action writes to the audit log, and that the Django admin cannot go round
the actions."""

import datetime
from decimal import Decimal

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from anxin.accounts.choices import HospitalGrade, Role
from anxin.accounts.models import Membership, Organization, Team, User
from anxin.cases.models import Case
from anxin.staff import actions
from anxin.staff.models import Qualification, TrainingRecord
from anxin.workspace.testing.cases import PersonaTestCase

from .test_staff import open_case


def member_urls(member_id):
    return [reverse(f"staff:{name}", args=[member_id]) for name in (
        "member", "member_role", "member_record", "member_deactivate",
        "qualification_add", "training_add")]


def member_posts(member_id):
    return [reverse(f"staff:{name}", args=[member_id]) for name in (
        "member_role", "member_record", "member_deactivate", "member_reactivate",
        "member_unlock", "member_reset_password", "qualification_add", "training_add")]


class StaffPagePermissionMatrixTest(PersonaTestCase):
    """Every staff page and form: the organisation's admin only (403 for every other role, with
    nothing written); another organisation's member is a 404; registering an organisation is
    the platform admin's."""

    def test_every_page_answers_the_admin_only(self):
        pages = [reverse("staff:directory"), reverse("staff:compliance"),
                 reverse("staff:member_add"), reverse("staff:team_add"),
                 *member_urls(self.p.li_qiang.pk)]
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for url in pages:
                with self.subTest(user=name, url=url):
                    self.assertEqual(self.client.get(url).status_code,
                                     200 if name == "admin_a" else 403)

    def test_every_form_refuses_other_roles_and_changes_nothing(self):
        before = (Membership.objects.filter(is_active=True).count(), Team.objects.count(),
                  Qualification.objects.count(), TrainingRecord.objects.count(),
                  User.objects.get(pk=self.p.li_qiang.pk).password)
        posts = [reverse("staff:member_add"), reverse("staff:team_add"),
                 *member_posts(self.p.li_qiang.pk)]
        body = {"username": "intruder", "full_name": "x", "role": Role.ORG_ADMIN, "name": "x",
                "kind": "social_worker", "issued_on": "2020-01-01", "date": "2026-01-01",
                "hours": "8", "topic": "x", "hand_over_to": self.p.wang_fang.pk}
        for name, user in self.p.all_users().items():
            if name == "admin_a":
                continue
            self.client.force_login(user)
            for url in posts:
                with self.subTest(user=name, url=url):
                    self.assertEqual(self.client.post(url, body).status_code, 403)
        after = (Membership.objects.filter(is_active=True).count(), Team.objects.count(),
                 Qualification.objects.count(), TrainingRecord.objects.count(),
                 User.objects.get(pk=self.p.li_qiang.pk).password)
        self.assertEqual(before, after)
        self.assertFalse(User.objects.filter(username="intruder").exists())

    def test_another_organisations_member_is_not_found(self):
        self.client.force_login(self.p.admin_a)
        for url in member_urls(self.p.zhao_lei.pk):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for url in member_posts(self.p.zhao_lei.pk):
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {}).status_code, 404)
        self.assertTrue(User.objects.get(pk=self.p.zhao_lei.pk).is_active)

    def test_only_the_platform_admin_registers_organisations(self):
        url = reverse("staff:organization_add")
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            with self.subTest(user=name):
                self.assertEqual(self.client.get(url).status_code, 403)
        root = User.objects.create(username="root", is_superuser=True, is_staff=True)
        self.client.force_login(root)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_reassignment_page_is_for_those_who_may_reassign(self):
        case = open_case(self.p, self.p.client_a, self.p.wang_fang)
        url = reverse("cases:reassign") + f"?cases={case.pk}"
        allowed = {"admin_a", "chen_min"}
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            with self.subTest(user=name):
                status = self.client.get(url).status_code
                self.assertEqual(status == 200, name in allowed, status)
                if name not in allowed:
                    self.assertIn(status, (403, 404))


class SupervisorRequirementPageTest(PersonaTestCase):
    def test_the_pages_name_the_supervisor_rule_of_the_organisations_kind(self):
        """CMH-9.2 at a community station; MSW-9.1.2 instead in a hospital."""
        self.client.force_login(self.p.admin_a)
        for url in (reverse("staff:compliance"), reverse("staff:member",
                                                         args=[self.p.chen_min.pk])):
            with self.subTest(kind="station", url=url):
                page = self.client.get(url).content.decode()
                self.assertIn("CMH-9.2", page)
                self.assertNotIn("MSW-9.1.2", page)
        Organization.objects.filter(pk=self.p.org_a.pk).update(
            kind="hospital", hospital_grade=HospitalGrade.TERTIARY_A, bed_count=500)
        for url in (reverse("staff:compliance"), reverse("staff:member",
                                                         args=[self.p.chen_min.pk])):
            with self.subTest(kind="hospital", url=url):
                page = self.client.get(url).content.decode()
                self.assertIn("MSW-9.1.2", page)
                self.assertNotIn("CMH-9.2", page)


class DeactivatePageTest(PersonaTestCase):
    def test_the_page_asks_where_open_cases_go_and_half_saves_nothing(self):
        case = open_case(self.p, self.p.client_a2, self.p.li_qiang)
        url = reverse("staff:member_deactivate", args=[self.p.li_qiang.pk])
        self.client.force_login(self.p.admin_a)
        page = self.client.get(url)
        self.assertContains(page, case.case_number)
        response = self.client.post(url, {"reason": "离职"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("hand_over_to", response.context["form"].errors)
        self.assertTrue(User.objects.get(pk=self.p.li_qiang.pk).is_active)
        self.assertEqual(Case.objects.get(pk=case.pk).worker, self.p.li_qiang)
        response = self.client.post(url, {"hand_over_to": self.p.wang_fang.pk, "reason": "离职"})
        self.assertRedirects(response, reverse("staff:member", args=[self.p.li_qiang.pk]))
        self.assertFalse(User.objects.get(pk=self.p.li_qiang.pk).is_active)
        self.assertEqual(Case.objects.get(pk=case.pk).worker, self.p.wang_fang)


class RemainingActionAuditTest(PersonaTestCase):
    """Each write of organisation administration leaves its audit event."""

    def test_changing_the_team_is_audited(self):
        team = Team.objects.create(organization=self.p.org_a, name="第三小组")
        actions.do_change_member_role(self.p.li_qiang, acting_user=self.p.admin_a,
                                      role=Role.WORKER, team=team)
        self.assertEqual(Membership.objects.get(user=self.p.li_qiang).team, team)
        self.assert_audited("staff.member_changed", actor=self.p.admin_a, target=self.p.li_qiang)

    def test_the_staff_record_is_audited_with_the_fields_changed(self):
        actions.do_update_staff_record(self.p.li_qiang, acting_user=self.p.admin_a,
                                       major="社会工作", in_field_since=datetime.date(2019, 9, 1))
        event = self.assert_audited("staff.record_updated", target=self.p.li_qiang)
        self.assertEqual(sorted(event.data["fields"]), ["in_field_since", "major"])

    def test_reactivation_is_audited_and_lets_the_member_sign_in(self):
        actions.do_deactivate_member(self.p.li_qiang, acting_user=self.p.admin_a)
        actions.do_reactivate_member(self.p.li_qiang, acting_user=self.p.admin_a)
        self.assertTrue(User.objects.get(pk=self.p.li_qiang.pk).is_active)
        self.assert_audited("staff.member_reactivated", target=self.p.li_qiang)

    def test_qualifications_and_training_are_audited(self):
        qualification = actions.do_add_qualification(
            self.p.li_qiang, acting_user=self.p.admin_a, kind="social_worker",
            issued_on=datetime.date(2021, 6, 1), number="SW2021001")
        self.assert_audited("staff.qualification_added", actor=self.p.admin_a,
                            target=qualification)
        training = actions.do_add_training(self.p.li_qiang, acting_user=self.p.admin_a,
                                           date=datetime.date(2026, 4, 1), hours=Decimal(16),
                                           topic="危机干预", provider="市社工协会")
        self.assert_audited("staff.training_added", actor=self.p.admin_a, target=training)
        self.assertEqual(training.organization, self.p.org_a)

    def test_a_team_is_audited(self):
        team = actions.do_create_team(self.p.org_a, acting_user=self.p.admin_a, name="康复小组",
                                      supervisor=self.p.chen_min)
        self.assert_audited("staff.team_created", actor=self.p.admin_a, target=team)

    def test_registering_an_organisation_is_audited(self):
        root = User.objects.create(username="root", is_superuser=True, is_staff=True)
        organization, _admin, _password = actions.do_create_organization(
            acting_user=root, name="成都市第二人民医院", code="CDEY", kind="hospital",
            district_code="510107", hospital_grade=HospitalGrade.SECONDARY_A_OR_BELOW,
            bed_count=300)
        self.assertEqual(Organization.objects.get(pk=organization.pk).bed_count, 300)
        self.assert_audited("organization.created", actor=root)


class AdminIsReadOnlyTest(PersonaTestCase):
    def test_the_django_admin_cannot_add_change_or_delete_accounts(self):
        root = User.objects.create(username="root", is_superuser=True, is_staff=True)
        request = RequestFactory().get("/admin/")
        request.user = root
        for model in (User, Organization, Team):
            model_admin = admin.site._registry.get(model)
            if model_admin is None:
                continue
            with self.subTest(model=model.__name__):
                self.assertFalse(model_admin.has_add_permission(request))
                self.assertFalse(model_admin.has_change_permission(request))
                self.assertFalse(model_admin.has_delete_permission(request))
        self.assertIn(User, admin.site._registry)
