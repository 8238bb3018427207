"""The community pages seen from outside: who may open and post to each (the permission matrix,
another organisation's row a 404), a refused form that saves nothing, what each role sees of the
participants and of volunteers' phones, and lists whose query count does not grow with rows."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.audit.models import AuditEvent
from anxin.community import actions
from anxin.community.models import (
    ActivityMaterial,
    ActivityParticipant,
    CommunityActivity,
    Volunteer,
    VolunteerHours,
)
from anxin.workspace.testing.cases import PersonaTestCase

from .helpers import DAY, make_group, record_activity, register_volunteer

ORG_A_READERS = {"wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a"}
RECORDERS = {"wang_fang", "li_qiang", "chen_min"}
VOLUNTEER_KEEPERS = {"wang_fang", "li_qiang", "chen_min", "admin_a"}


class CommunityPageTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.activity = record_activity(cls.p.wang_fang)
        cls.volunteer = register_volunteer(cls.p.wang_fang)

    def counts(self):
        return (CommunityActivity.objects.count(), ActivityParticipant.objects.count(),
                ActivityMaterial.objects.count(), Volunteer.objects.count(),
                VolunteerHours.objects.count(), AuditEvent.objects.filter(
                    action__startswith="community.").count())


class PermissionMatrixTest(CommunityPageTestCase):
    def pages(self):
        a, v = self.activity.pk, self.volunteer.pk
        return {
            # page: who of org A may open it
            reverse("community:activities"): ORG_A_READERS,
            reverse("community:activity", args=[a]): ORG_A_READERS,
            reverse("community:activity_create"): RECORDERS,
            reverse("community:activity_edit", args=[a]): RECORDERS,
            reverse("community:participant_add", args=[a]): RECORDERS,
            reverse("community:material_add", args=[a]): RECORDERS,
            reverse("community:volunteers"): ORG_A_READERS,
            reverse("community:volunteer", args=[v]): ORG_A_READERS,
            reverse("community:volunteer_create"): VOLUNTEER_KEEPERS,
            reverse("community:volunteer_edit", args=[v]): VOLUNTEER_KEEPERS,
            reverse("community:hours_add", args=[v]): VOLUNTEER_KEEPERS,
        }

    def test_every_page_answers_each_role(self):
        """Org A's roles by capability; 赵磊 of org B reads his own lists and records his own
        work, but org A's rows are 404 to him; the regional viewer is refused everything."""
        own_lists = {reverse("community:activities"), reverse("community:volunteers"),
                     reverse("community:activity_create"), reverse("community:volunteer_create")}
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for url, allowed in self.pages().items():
                if name == "zhao_lei":
                    expected = 200 if url in own_lists else 404
                elif name == "viewer":
                    expected = 403
                else:
                    expected = 200 if name in allowed else 403
                with self.subTest(user=name, url=url):
                    self.assertEqual(self.client.get(url).status_code, expected)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_refused_posts_change_nothing(self):
        before = self.counts()
        body = {"type": "publicity", "title": "x", "date": "2026-03-01", "kind": "poster",
                "count": "5", "client": self.p.client_a.pk, "name": "入侵者", "hours": "2",
                "follow_up_note": "x", "residents_count": "0", "clients_count": "0",
                "family_count": "0"}
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for url, allowed in self.pages().items():
                if name in allowed and name != "zhao_lei":
                    continue
                if url in (reverse("community:activities"), reverse("community:volunteers"),
                           reverse("community:activity_create"),
                           reverse("community:volunteer_create")) and name == "zhao_lei":
                    continue
                with self.subTest(user=name, url=url):
                    self.assertIn(self.client.post(url, body).status_code, (403, 404, 405))
        self.assertEqual(self.counts(), before)


class ActivityPageTest(CommunityPageTestCase):
    def test_a_refused_form_saves_nothing_and_names_the_field(self):
        self.client.force_login(self.p.wang_fang)
        before = self.counts()
        response = self.client.post(reverse("community:activity_create"), {
            "type": "health_lecture", "title": "讲座", "date": "2026-03-01",
            "residents_count": "10", "clients_count": "0", "family_count": "0"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "请选择活动所在的街道或社区。")
        self.assertContains(response, 'data-field-error="region"')
        self.assertEqual(self.counts(), before)

    def test_it_records_an_activity_from_the_form(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.post(reverse("community:activity_create"), {
            "type": "online_course", "title": "线上心理健康课", "date": "2026-03-01",
            "online_reach": "860", "residents_count": "0", "clients_count": "0",
            "family_count": "0"})
        activity = CommunityActivity.objects.get(title="线上心理健康课")
        self.assertRedirects(response, activity.get_absolute_url())
        page = self.client.get(activity.get_absolute_url())
        self.assertContains(page, "线上课程")
        self.assertContains(page, "860")
        self.assertContains(page, 'id="activity-documents"')

    def test_the_edit_page_changes_the_activity(self):
        self.client.force_login(self.p.chen_min)
        url = reverse("community:activity_edit", args=[self.activity.pk])
        self.assertContains(self.client.get(url), "心理健康知识讲座")
        response = self.client.post(url, {
            "type": "health_lecture", "title": "心理健康讲座（第二场）", "date": "2026-03-10",
            "region": "510107001", "residents_count": "35", "clients_count": "4",
            "family_count": "6"})
        self.assertRedirects(response, self.activity.get_absolute_url())
        self.activity.refresh_from_db()
        self.assertEqual((self.activity.title, self.activity.residents_count),
                         ("心理健康讲座（第二场）", 35))

    def test_a_worker_sees_her_own_participants_and_a_count_of_the_others(self):
        actions.do_add_participant(self.activity, self.p.client_a, acting_user=self.p.wang_fang)
        actions.do_add_participant(self.activity, self.p.client_a2, acting_user=self.p.li_qiang)
        self.client.force_login(self.p.li_qiang)
        page = self.client.get(self.activity.get_absolute_url())
        self.assertContains(page, "刘秀英")
        self.assertNotContains(page, "张伟")
        self.assertContains(page, "其他不在您服务范围内的已登记服务对象：1 人")
        self.client.force_login(self.p.archivist_a)  # sees every client of the organisation
        page = self.client.get(self.activity.get_absolute_url())
        self.assertContains(page, "刘秀英")
        self.assertContains(page, "张伟")

    def test_the_participant_choice_offers_only_the_users_clients(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("community:participant_add", args=[self.activity.pk])
        page = self.client.get(url)
        self.assertContains(page, "张伟")
        self.assertNotContains(page, "刘秀英")
        response = self.client.post(url, {"client": self.p.client_a2.pk})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ActivityParticipant.objects.exists())
        response = self.client.post(url, {"client": self.p.client_a.pk})
        self.assertRedirects(response, self.activity.get_absolute_url())

    def test_materials_are_added_from_the_form(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("community:material_add", args=[self.activity.pk])
        response = self.client.post(url, {"kind": "qr_code", "count": "120"})
        self.assertRedirects(response, self.activity.get_absolute_url())
        self.assertContains(self.client.get(self.activity.get_absolute_url()),
                            "心理支持平台二维码 × 120")

    def test_the_list_filters_by_kind_region_and_date(self):
        record_activity(self.p.wang_fang, type="festival_visits", title="春节慰问",
                        date=DAY.replace(month=1, day=28))
        self.client.force_login(self.p.wang_fang)
        url = reverse("community:activities")
        page = self.client.get(url, {"type": "festival_visits"}).content.decode()
        self.assertIn("春节慰问", page)
        self.assertNotIn("心理健康知识讲座", page)
        page = self.client.get(url, {"date_from": "2026-03-01"}).content.decode()
        self.assertNotIn("春节慰问", page)
        self.assertIn("心理健康知识讲座", page)
        page = self.client.get(url, {"region": "510107002"}).content.decode()
        self.assertIn("暂无活动记录。", page)
        # A filter that is not valid is left out, not an error.
        self.assertEqual(self.client.get(url, {"date_from": "yesterday",
                                               "region": "x"}).status_code, 200)

    def test_the_list_costs_the_same_queries_for_one_activity_or_many(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("community:activities")
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for number in range(6):
            activity = record_activity(self.p.wang_fang, title=f"活动{number}")
            actions.do_add_participant(activity, self.p.client_a, acting_user=self.p.wang_fang)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertContains(response, "活动5")
        self.assertEqual(len(one), len(many))

    def test_the_menu_has_community_activities_for_readers_only(self):
        activities = f'href="{reverse("community:activities")}"'
        self.client.force_login(self.p.archivist_a)
        self.assertContains(self.client.get(reverse("home")), activities)
        self.client.force_login(self.p.viewer)  # the caring teams' coverage only, counts
        self.assertNotContains(self.client.get(reverse("home")), activities)


class VolunteerPageTest(CommunityPageTestCase):
    def test_it_registers_a_volunteer_from_the_form(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.post(reverse("community:volunteer_create"), {
            "name": "钱多多", "phone": "13800001111", "skills": ["legal", "escort"],
            "is_active": "on"})
        volunteer = Volunteer.objects.get(name="钱多多")
        self.assertRedirects(response, volunteer.get_absolute_url())
        self.assertEqual(volunteer.skills, ["legal", "escort"])

    def test_a_refused_hours_form_saves_nothing_and_says_why(self):
        self.client.force_login(self.p.wang_fang)
        group = make_group(self.p.org_a, self.p.wang_fang)
        before = self.counts()
        response = self.client.post(reverse("community:hours_add", args=[self.volunteer.pk]), {
            "date": "2026-03-10", "hours": "2", "activity": self.activity.pk,
            "group": group.pk})
        self.assertContains(response,
                            "请说明服务内容：活动、小组或随访，且只能选其一（CHR-7.4.3）。")
        self.assertEqual(self.counts(), before)

    def test_hours_are_logged_from_the_form_and_shown(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("community:hours_add", args=[self.volunteer.pk])
        response = self.client.post(url, {"date": "2026-03-10", "hours": "2.5",
                                          "activity": self.activity.pk})
        self.assertRedirects(response, self.volunteer.get_absolute_url())
        page = self.client.get(self.volunteer.get_absolute_url())
        self.assertContains(page, "共 2.5 小时")
        self.assertContains(page, "心理健康知识讲座")

    def test_the_phone_is_for_those_who_keep_the_register(self):
        url = self.volunteer.get_absolute_url()
        self.client.force_login(self.p.admin_a)
        self.assertContains(self.client.get(url), "13912345678")
        self.assertContains(self.client.get(reverse("community:volunteers")), "13912345678")
        self.client.force_login(self.p.quality_a)
        self.assertNotContains(self.client.get(url), "13912345678")
        self.assertNotContains(self.client.get(reverse("community:volunteers")), "13912345678")

    def test_the_list_filters_by_status_and_skill(self):
        other = register_volunteer(self.p.wang_fang, name="孙律师", skills=["legal"])
        actions.do_update_volunteer(other, acting_user=self.p.wang_fang, is_active=False)
        self.client.force_login(self.p.wang_fang)
        url = reverse("community:volunteers")
        self.assertNotContains(self.client.get(url), "孙律师")
        page = self.client.get(url, {"status": "all", "skill": "legal"}).content.decode()
        self.assertIn("孙律师", page)
        self.assertNotIn("赵志愿", page)

    def test_the_list_costs_the_same_queries_for_one_volunteer_or_many(self):
        self.client.force_login(self.p.admin_a)
        url = reverse("community:volunteers")
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for number in range(6):
            volunteer = register_volunteer(self.p.admin_a, name=f"志愿者{number}")
            actions.do_log_volunteer_hours(volunteer, acting_user=self.p.admin_a, date=DAY,
                                           hours=Decimal("1.5"), activity=self.activity)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertContains(response, "志愿者5")
        self.assertEqual(len(one), len(many))
