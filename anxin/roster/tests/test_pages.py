"""The roster pages for each role that may and may not, in Chinese; another organisation's
upload is a 404; the menu offers the roster where it belongs."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.accounts.choices import OrganizationKind
from anxin.roster import menu
from anxin.roster.models import RosterImport

from .helpers import (
    RosterTestCase,
    id_number,
    last_month,
    people,
    this_month,
    with_wrong_check_digit,
    xlsx,
)

READERS = ("wang_fang", "li_qiang", "chen_min", "admin_a", "archivist_a", "quality_a")
IMPORTERS = ("chen_min", "admin_a")


class PagesTest(RosterTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.roster = cls.import_file(cls, [
            (cls.p.client_a.name, cls.p.client_a.id_number, "是", "精神分裂症"),
            ("赵六", id_number(6), "否", "")])

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_the_overview_shows_each_street_month_with_its_counts_to_readers(self):
        for name in READERS:
            with self.subTest(user=name):
                response = self.get(getattr(self.p, name), reverse("roster:overview"))
                self.assertContains(response, "登记在册名单")
                self.assertContains(response, "浆洗街街道")
                self.assertContains(response, f"{this_month():%Y-%m}")
                self.assertContains(response, "纳入网格管理")
                has_button = 'id="roster-import"' in response.content.decode()
                self.assertEqual(has_button, name in IMPORTERS)

    def test_the_pages_refuse_the_regional_viewer(self):
        for url in (reverse("roster:overview"), reverse("roster:import"),
                    self.roster.get_absolute_url()):
            with self.subTest(url=url):
                self.assertEqual(self.get(self.p.viewer, url).status_code, 403)

    def test_the_pages_ask_an_anonymous_visitor_to_sign_in(self):
        response = self.client.get(reverse("roster:overview"))
        self.assertEqual(response.status_code, 302)

    def test_another_organisations_upload_is_a_404(self):
        self.assertEqual(self.get(self.p.zhao_lei, self.roster.get_absolute_url()).status_code,
                         404)
        self.assertNotContains(self.get(self.p.zhao_lei, reverse("roster:overview")),
                               "浆洗街街道")

    def test_the_entries_show_names_masked_id_numbers_and_the_grid_flag(self):
        response = self.get(self.p.archivist_a, self.roster.get_absolute_url())
        number = self.p.client_a.id_number
        self.assertContains(response, "张伟")
        self.assertContains(response, f"{number[:4]}**********{number[-4:]}")
        self.assertNotContains(response, number)
        self.assertNotContains(response, "精神分裂症")
        self.assertContains(response, '<span class="badge text-bg-success">是</span>')
        self.assertContains(response, '<span class="badge text-bg-warning">否</span>')
        self.assert_audited("roster.entries_viewed", actor=self.p.archivist_a,
                            target=self.roster)

    def test_the_matched_client_is_a_link_only_for_whoever_sees_that_client(self):
        link = f'href="{self.p.client_a.get_absolute_url()}"'
        self.assertContains(self.get(self.p.wang_fang, self.roster.get_absolute_url()), link)
        hidden = self.get(self.p.li_qiang, self.roster.get_absolute_url())
        self.assertNotContains(hidden, link)
        self.assertNotContains(hidden, self.p.client_a.file_number)
        self.assertContains(hidden, "本机构的服务对象")

    def test_the_entries_page_costs_the_same_queries_however_many_rows(self):
        few = self.roster
        many = self.import_file(people(45) + [
            (self.p.client_a.name, self.p.client_a.id_number, "是", ""),
            (self.p.client_a2.name, self.p.client_a2.id_number, "是", "")],
            street=self.wangjiang)
        self.get(self.p.wang_fang, few.get_absolute_url())  # the session's first write
        with CaptureQueriesContext(connection) as small:
            self.client.get(few.get_absolute_url())
        with CaptureQueriesContext(connection) as large:
            response = self.client.get(many.get_absolute_url())
        self.assertEqual(len(response.context["rows"]), 47)
        self.assertEqual(len(large), len(small))

    def test_the_overview_costs_the_same_queries_however_many_imports(self):
        self.get(self.p.wang_fang, reverse("roster:overview"))
        with CaptureQueriesContext(connection) as small:
            self.client.get(reverse("roster:overview"))
        self.import_file(people(3), street=self.wangjiang)
        self.import_file(people(3), street=self.wangjiang, month=last_month())
        with CaptureQueriesContext(connection) as large:
            self.client.get(reverse("roster:overview"))
        self.assertEqual(len(large), len(small))


class ImportPageTest(RosterTestCase):
    def post(self, user, rows, **data):
        self.client.force_login(user)
        return self.client.post(reverse("roster:import"), {
            "street": data.get("street", self.jiangxi.pk),
            "month": data.get("month", f"{this_month():%Y-%m}"), "file": xlsx(rows)})

    def test_it_offers_the_form_to_importers_only(self):
        for name in READERS:
            with self.subTest(user=name):
                self.client.force_login(getattr(self.p, name))
                response = self.client.get(reverse("roster:import"))
                self.assertEqual(response.status_code, 200 if name in IMPORTERS else 403)

    def test_it_offers_only_the_streets_of_the_organisations_district(self):
        self.client.force_login(self.p.chen_min)
        page = self.client.get(reverse("roster:import")).content.decode()
        self.assertIn("武侯区浆洗街街道", page)
        self.assertIn("武侯区望江路街道", page)
        self.assertNotIn("南头街道", page)
        self.assertIn('type="month"', page)

    def test_a_good_file_is_imported_and_the_page_says_how_many_matched(self):
        response = self.post(self.p.chen_min, [
            (self.p.client_a.name, self.p.client_a.id_number, "是", ""),
            ("赵六", id_number(6), "否", "")])
        roster_import = RosterImport.objects.get()
        self.assertRedirects(response, roster_import.get_absolute_url(),
                             fetch_redirect_response=False)
        page = self.client.get(roster_import.get_absolute_url())
        self.assertContains(page, "已导入 2 人，其中 1 人与服务对象匹配。")

    def test_a_file_with_bad_rows_shows_every_error_and_saves_nothing(self):
        response = self.post(self.p.admin_a, [
            ("张三", id_number(1), "是", ""),
            ("李四", id_number(2), "是", ""),
            ("王五", id_number(3), "否", ""),
            ("赵六", with_wrong_check_digit(id_number(4)), "是", ""),
            ("", id_number(5), "不详", "")])
        self.assertEqual(response.status_code, 200)
        page = re.sub(r"\s+", " ", response.content.decode())
        self.assertIn("第 5 行 身份证号：身份证号码的校验码不正确，请逐位核对。", page)
        self.assertIn("第 6 行 姓名：请填写姓名。", page)
        self.assertIn("第 6 行 是否纳入网格管理：请填写“是”或“否”。", page)
        self.assertIn("未导入任何数据：有 2 行存在问题。", page)
        self.assertFalse(RosterImport.objects.exists())

    def test_a_street_of_another_district_is_refused_beside_the_field(self):
        response = self.post(self.p.chen_min, people(1), street=self.nantou.pk)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["street"])
        self.assertFalse(RosterImport.objects.exists())

    def test_a_file_that_is_no_workbook_is_refused_beside_the_field(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.p.chen_min)
        response = self.client.post(reverse("roster:import"), {
            "street": self.jiangxi.pk, "month": f"{this_month():%Y-%m}",
            "file": SimpleUploadedFile("roster.csv", b"a,b")})
        self.assertContains(response, "上传 Excel 工作簿（.xlsx）")
        self.assertFalse(RosterImport.objects.exists())


class MenuTest(RosterTestCase):
    def labels(self, user) -> list[str]:
        from django.utils import translation

        with translation.override("zh-hans"):
            return [label for _url, label in menu.links(user)]

    def test_it_offers_the_roster_to_case_readers_of_a_rehabilitation_centre(self):
        for kind in (OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL):
            self.p.org_a.kind = kind
            self.p.org_a.save(update_fields=["kind"])
            for name in ("wang_fang", "archivist_a", "quality_a"):
                user = type(self.p.wang_fang).objects.get(pk=getattr(self.p, name).pk)
                with self.subTest(kind=kind, user=name):
                    self.assertEqual(self.labels(user), ["登记在册名单"])

    def test_it_offers_the_roster_and_its_import_to_importers_anywhere(self):
        self.assertEqual(self.labels(self.p.chen_min), ["登记在册名单", "导入登记名单"])
        self.assertEqual(self.labels(self.p.admin_a), ["登记在册名单", "导入登记名单"])

    def test_it_offers_nothing_to_a_community_stations_worker_or_a_regional_viewer(self):
        self.assertEqual(self.labels(self.p.wang_fang), [])
        self.assertEqual(self.labels(self.p.viewer), [])
