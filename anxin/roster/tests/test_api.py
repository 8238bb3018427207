"""The roster over the API: an upload (multipart), its row errors as {row, field, message} with
nothing saved, the list and one street-month's people, for each role; another organisation's
upload is a 404."""

from django.urls import reverse
from rest_framework.test import APIClient

from anxin.roster.models import RosterEntry, RosterImport

from .helpers import RosterTestCase, id_number, people, this_month, with_wrong_check_digit, xlsx

LIST = "/api/v1/roster-imports/"


class RosterApiTest(RosterTestCase):
    def setUp(self):
        self.api = APIClient()

    def as_user(self, user):
        self.api.force_authenticate(user)
        return self.api

    def upload(self, user, rows, **data):
        return self.as_user(user).post(LIST, {
            "street": data.get("street", self.jiangxi.pk),
            "month": data.get("month", f"{this_month():%Y-%m}"),
            "file": xlsx(rows)}, format="multipart")

    def test_an_importer_uploads_a_roster(self):
        response = self.upload(self.p.chen_min, [
            (self.p.client_a.name, self.p.client_a.id_number, "是", ""),
            ("赵六", id_number(6), "否", "")])
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual({k: body[k] for k in ("street", "month", "row_count", "matched_count",
                                               "under_grid_count", "file_name")},
                         {"street": "510107001", "month": this_month().isoformat(),
                          "row_count": 2, "matched_count": 1, "under_grid_count": 1,
                          "file_name": "roster.xlsx"})
        self.assert_audited("roster.imported", actor=self.p.chen_min,
                            target=RosterImport.objects.get())

    def test_bad_rows_are_a_400_listing_each_and_nothing_is_saved(self):
        response = self.upload(self.p.admin_a, [
            ("张三", id_number(1), "是", ""),
            ("李四", with_wrong_check_digit(id_number(2)), "是", ""),
            ("王五", id_number(1), "也许", "")])
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "roster_rows_invalid")
        self.assertEqual(error["message"],
                         "未导入任何数据：有 2 行存在问题。请更正后重新上传文件。")
        self.assertEqual(error["rows"], [
            {"row": 3, "field": "身份证号", "message": "身份证号码的校验码不正确，请逐位核对。"},
            {"row": 4, "field": "身份证号", "message": "与第 2 行的身份证号码相同。"},
            {"row": 4, "field": "是否纳入网格管理", "message": "请填写“是”或“否”。"}])
        self.assertFalse(RosterImport.objects.exists())
        self.assertFalse(RosterEntry.objects.exists())

    def test_a_street_outside_the_district_is_a_400_naming_the_field(self):
        response = self.upload(self.p.chen_min, people(1), street=self.nantou.pk)
        self.assertEqual(response.status_code, 400)
        self.assertIn("street", response.json()["error"]["fields"])

    def test_who_may_not_import_is_refused_with_403(self):
        for user in (self.p.wang_fang, self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username):
                self.assertEqual(self.upload(user, people(1)).status_code, 403)
        self.assertFalse(RosterImport.objects.exists())

    def test_an_anonymous_request_is_a_401(self):
        self.assertEqual(APIClient().get(LIST).status_code, 401)

    def test_readers_list_the_rosters_and_read_the_people(self):
        roster_import = self.import_file([
            (self.p.client_a.name, self.p.client_a.id_number, "是", "精神分裂症")])
        for user in (self.p.wang_fang, self.p.li_qiang, self.p.chen_min, self.p.admin_a,
                     self.p.archivist_a, self.p.quality_a):
            with self.subTest(user=user.username):
                listed = self.as_user(user).get(LIST)
                self.assertEqual(listed.status_code, 200)
                self.assertEqual([r["id"] for r in listed.json()["results"]],
                                 [roster_import.pk])
                people_ = self.api.get(f"{LIST}{roster_import.pk}/entries/")
                self.assertEqual(people_.status_code, 200)
                entry = people_.json()["results"][0]
                number = self.p.client_a.id_number
                self.assertEqual(entry["id_number_masked"], f"{number[:4]}**********{number[-4:]}")
                self.assertEqual((entry["row"], entry["name"], entry["under_grid_management"]),
                                 (2, "张伟", True))
                follows = user in (self.p.wang_fang, self.p.chen_min, self.p.admin_a,
                                   self.p.archivist_a, self.p.quality_a)
                self.assertEqual(entry["client"], self.p.client_a.pk if follows else None)
        self.assert_audited("roster.entries_viewed", actor=self.p.quality_a,
                            target=roster_import)

    def test_the_regional_viewer_is_refused_and_another_organisation_gets_404(self):
        roster_import = self.import_file(people(1))
        one = f"{LIST}{roster_import.pk}/"
        for url in (LIST, one, f"{one}entries/"):
            with self.subTest(url=url):
                self.assertEqual(self.as_user(self.p.viewer).get(url).status_code, 403)
        self.assertEqual(self.as_user(self.p.zhao_lei).get(LIST).json()["results"], [])
        self.assertEqual(self.api.get(one).status_code, 404)
        self.assertEqual(self.api.get(f"{one}entries/").status_code, 404)

    def test_the_schema_documents_the_upload_and_its_row_errors(self):
        schema = self.client.get(reverse("schema"), {"format": "json"}).json()
        post = schema["paths"]["/api/v1/roster-imports/"]["post"]
        self.assertIn("multipart/form-data", post["requestBody"]["content"])
        self.assertIn("/api/v1/roster-imports/{id}/entries/", schema["paths"])
        self.assertIn("RosterRowError", schema["components"]["schemas"])
