"""Reading and checking the roster file: every bad row named by row and column, in Chinese, and
a file with any bad row changes nothing."""

from django.core.exceptions import ValidationError

from anxin.audit.models import AuditEvent
from anxin.roster import actions
from anxin.roster.models import RosterEntry, RosterImport

from .helpers import RosterTestCase, id_number, people, with_wrong_check_digit, xlsx


class GoodFileTest(RosterTestCase):
    def test_it_imports_every_row_of_a_good_file(self):
        """Names, ID numbers and diagnoses are kept as given; 是/否 become the grid flag."""
        roster_import = self.import_file([
            ("张三", id_number(1), "是", "精神分裂症"),
            ("李四", id_number(2).replace("X", "x"), "否", None),
        ])
        self.assertEqual(roster_import.row_count, 2)
        first, second = RosterEntry.objects.filter(roster_import=roster_import)
        self.assertEqual((first.row_number, first.name, first.id_number, first.diagnosis,
                          first.under_grid_management),
                         (2, "张三", id_number(1), "精神分裂症", True))
        self.assertEqual((second.row_number, second.under_grid_management, second.diagnosis),
                         (3, False, ""))
        self.assertEqual((first.street, first.month, first.organization),
                         (self.jiangxi, roster_import.month, self.p.org_a))

    def test_it_skips_empty_rows_and_numbers_rows_as_the_spreadsheet_does(self):
        roster_import = self.import_file([("张三", id_number(1), "是", ""), (None, None, None),
                                          ("李四", id_number(2), "否", "")])
        self.assertEqual(list(roster_import.entries.values_list("row_number", flat=True)),
                         [2, 4])

    def test_it_accepts_the_columns_in_any_order_and_without_the_diagnosis(self):
        roster_import = self.import_file([("是", id_number(1), "张三")],
                                         headings=("是否纳入网格管理", "身份证号码", "姓名"))
        entry = roster_import.entries.get()
        self.assertEqual((entry.name, entry.under_grid_management), ("张三", True))


class BadRowsTest(RosterTestCase):
    def refused_rows(self, rows, **kwargs) -> list[dict]:
        with self.assertRaises(actions.RosterRowsRefused) as caught:
            self.import_file(rows, **kwargs)
        return caught.exception.rows

    def test_it_refuses_a_row_without_a_name(self):
        self.assertEqual(self.refused_rows([("", id_number(1), "是", "")]), [
            {"row": 2, "field": "姓名", "message": "请填写姓名。"}])

    def test_it_refuses_an_id_number_with_a_wrong_check_digit(self):
        rows = self.refused_rows([("张三", id_number(1), "是", ""),
                                  ("李四", id_number(2), "是", ""),
                                  ("王五", id_number(3), "否", ""),
                                  ("赵六", with_wrong_check_digit(id_number(4)), "是", "")])
        self.assertEqual(rows, [{"row": 5, "field": "身份证号",
                                 "message": "身份证号码的校验码不正确，请逐位核对。"}])

    def test_it_refuses_an_id_number_of_the_wrong_length_or_missing(self):
        rows = self.refused_rows([("张三", "51010719750309", "是", ""), ("李四", "", "是", "")])
        self.assertEqual([(r["row"], r["field"], r["message"]) for r in rows], [
            (2, "身份证号", "身份证号码应为 18 位，当前为 14 位。"),
            (3, "身份证号", "请填写身份证号。")])

    def test_it_refuses_an_id_number_the_spreadsheet_stored_as_a_number(self):
        rows = self.refused_rows([("张三", 510107197503091234, "是", "")])
        self.assertEqual(rows[0]["field"], "身份证号")
        self.assertIn("设置为文本", rows[0]["message"])

    def test_it_refuses_a_grid_flag_other_than_yes_or_no(self):
        rows = self.refused_rows([("张三", id_number(1), "已纳入", ""),
                                  ("李四", id_number(2), "", "")])
        self.assertEqual([(r["row"], r["field"], r["message"]) for r in rows], [
            (2, "是否纳入网格管理", "请填写“是”或“否”。"),
            (3, "是否纳入网格管理", "请填写“是”或“否”。")])

    def test_it_refuses_an_id_number_given_twice_in_the_file(self):
        rows = self.refused_rows([("张三", id_number(1), "是", ""),
                                  ("张三", id_number(1), "是", "")])
        self.assertEqual(rows, [{"row": 3, "field": "身份证号",
                                 "message": "与第 2 行的身份证号码相同。"}])

    def test_it_lists_every_problem_of_every_row(self):
        rows = self.refused_rows([("", with_wrong_check_digit(id_number(1)), "也许", ""),
                                  ("李四", id_number(2), "是", "")])
        self.assertEqual([(r["row"], r["field"]) for r in rows],
                         [(2, "姓名"), (2, "身份证号"), (2, "是否纳入网格管理")])

    def test_one_bad_row_among_good_ones_changes_nothing(self):
        """All or nothing: neither the import row, nor its entries, nor an audit event."""
        rows = people(30)
        rows[17] = ("某人", with_wrong_check_digit(id_number(999)), "是", "")
        refused = self.refused_rows(rows)
        self.assertEqual([r["row"] for r in refused], [19])
        self.assertFalse(RosterImport.objects.exists())
        self.assertFalse(RosterEntry.objects.exists())
        self.assert_not_audited("roster.imported")

    def test_a_bad_file_leaves_the_earlier_import_of_the_street_month_as_it_was(self):
        earlier = self.import_file(people(3))
        rows = people(5, start=200)
        rows[0] = ("", id_number(201), "是", "")
        self.refused_rows(rows)
        earlier.refresh_from_db()
        self.assertEqual(earlier.row_count, 3)
        self.assertEqual(earlier.entries.count(), 3)
        self.assertEqual(AuditEvent.objects.filter(action="roster.imported").count(), 1)

    def test_it_says_how_many_rows_have_problems(self):
        with self.assertRaises(actions.RosterRowsRefused) as caught:
            self.import_file([("", id_number(1), "是", ""), ("", id_number(2), "是", "")])
        self.assertEqual(caught.exception.messages,
                         ["未导入任何数据：有 2 行存在问题。请更正后重新上传文件。"])


class FileRefusedTest(RosterTestCase):
    def refusal(self, upload) -> str:
        with self.assertRaises(ValidationError) as caught:
            actions.do_import_roster(self.p.org_a, street=self.jiangxi,
                                     month=self.import_month(), file=upload,
                                     acting_user=self.p.chen_min)
        return caught.exception.message_dict["file"][0]

    @staticmethod
    def import_month():
        from .helpers import this_month
        return this_month()

    def test_it_refuses_a_file_that_is_no_workbook(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        message = self.refusal(SimpleUploadedFile("roster.xlsx", "姓名,身份证号".encode()))
        self.assertIn("不是 Excel 工作簿", message)

    def test_it_refuses_a_file_without_the_required_headings(self):
        message = self.refusal(xlsx([("张三", id_number(1))], headings=("姓名", "身份证号")))
        self.assertIn("是否纳入网格管理", message)

    def test_it_refuses_a_file_with_headings_and_no_people(self):
        self.assertIn("没有人员", self.refusal(xlsx([])))
