"""The document engine's definitions and validation: every field type, required and
required-when, repeating tables, references through a resolver, messages that name the field in
the reader's language, and definitions refused when they cannot be filled in as written."""

import datetime
from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import timezone, translation

from anxin.documents.definitions import (
    Choice,
    DefinitionError,
    DocumentKind,
    Field,
    FieldType,
    Section,
    When,
)
from anxin.documents.registry import Registry, UnknownKind
from anxin.documents.validation import clean
from anxin.instruments.definitions import Text

T = FieldType


def kind(*fields, code="test_form", version=1, subject="case") -> DocumentKind:
    return DocumentKind(code=code, version=version, title=Text("测试表", "Test form"),
                        clause="REH-5.5.1", subject=subject,
                        sections=(Section("main", Text("基本信息", "Basics"), tuple(fields)),))


def field(code, type_, zh="字段", en="Field", **options) -> Field:
    return Field(code=code, type=type_, label=Text(zh, en), **options)


YES_NO_OPTIONS = (Choice("a", Text("甲", "A")), Choice("b", Text("乙", "B")),
                  Choice("c", Text("丙", "C")))


class FieldTypeTests(SimpleTestCase):
    def one(self, f: Field, value):
        result = clean(kind(f), {f.code: value})
        return result.data.get(f.code), [p.message for p in result.problems]

    def assert_clean(self, f, value, expected):
        cleaned, problems = self.one(f, value)
        self.assertEqual(problems, [], value)
        self.assertEqual(cleaned, expected)

    def assert_refused(self, f, value):
        cleaned, problems = self.one(f, value)
        self.assertIsNone(cleaned, value)
        self.assertEqual(len(problems), 1, (value, problems))
        return problems[0]

    def test_text_is_trimmed_one_line_and_bounded(self):
        f = field("name", T.TEXT, max_length=4)
        self.assert_clean(f, "  张三  ", "张三")
        self.assert_clean(f, "四个汉字", "四个汉字")
        self.assert_refused(f, "五个汉字啊")
        self.assert_refused(f, "两\n行")
        self.assert_refused(f, 12)
        self.assert_clean(field("notes", T.LONG_TEXT), "一\n二", "一\n二")

    def test_integer_takes_whole_numbers_within_its_range(self):
        f = field("minutes", T.INTEGER, minimum=45, maximum=60)
        for value, expected in [(45, 45), ("60", 60), (" 50 ", 50), (Decimal("55"), 55)]:
            self.assert_clean(f, value, expected)
        for value in (44, 61, "4.5", 50.5, True, "五十", "-"):
            self.assert_refused(f, value)

    def test_decimal_is_kept_exactly_as_text_with_its_places(self):
        f = field("weight", T.DECIMAL, minimum=Decimal("20"), maximum=Decimal("300"),
                  decimal_places=1)
        self.assert_clean(f, "65.5", "65.5")
        self.assert_clean(f, 70, "70")
        for value in ("65.55", "19.9", "300.1", "abc", "NaN", "Infinity", False):
            self.assert_refused(f, value)

    def test_dates_and_times(self):
        f = field("held_on", T.DATE)
        self.assert_clean(f, "2028-02-29", "2028-02-29")
        self.assert_clean(f, datetime.date(2026, 3, 1), "2026-03-01")
        for value in ("2026-02-29", "2026/03/01", "明天", datetime.datetime(2026, 3, 1, 9)):
            self.assert_refused(f, value)
        g = field("started_at", T.DATETIME)
        cleaned, problems = self.one(g, "2026-03-01 14:30")
        self.assertEqual(problems, [])
        # A time typed without a zone is the reader's (Asia/Shanghai): 06:30 UTC.
        self.assertEqual(datetime.datetime.fromisoformat(cleaned),
                         datetime.datetime(2026, 3, 1, 6, 30, tzinfo=datetime.UTC))
        aware = timezone.make_aware(datetime.datetime(2026, 3, 1, 8, 0))
        self.assert_clean(g, aware, aware.isoformat())
        self.assert_refused(g, "14:30")

    def test_choices_are_codes_of_the_definition(self):
        one = field("kind", T.CHOICE, choices=YES_NO_OPTIONS)
        self.assert_clean(one, "b", "b")
        for value in ("d", "乙", ["a"], 1):
            self.assert_refused(one, value)
        many = field("kinds", T.MULTI_CHOICE, choices=YES_NO_OPTIONS)
        self.assert_clean(many, ["c", "a"], ["a", "c"])  # in the form's order
        for value in ("a", ["a", "a"], ["a", "z"], [1]):
            self.assert_refused(many, value)

    def test_yes_no(self):
        f = field("consented", T.YES_NO)
        for value, expected in [(True, True), (False, False), ("yes", True), ("否", False),
                                ("0", False)]:
            self.assert_clean(f, value, expected)
        self.assert_refused(f, "maybe")

    def test_references_are_ids_the_resolver_accepts(self):
        f = field("leader", T.STAFF)
        accepted = {7}
        result = clean(kind(f), {"leader": "7"}, resolver=lambda fld, pk: pk in accepted)
        self.assertEqual((result.data, result.problems), ({"leader": 7}, []))
        result = clean(kind(f), {"leader": 8}, resolver=lambda fld, pk: pk in accepted)
        self.assertEqual([p.path for p in result.problems], ["leader"])
        for value in ("x", 0, -3, True, "7.0"):
            with self.subTest(value=value):
                self.assertFalse(clean(kind(f), {"leader": value}).ok)
        for type_ in (T.CONTACT, T.INSTRUMENT_RESPONSE, T.FILE, T.SIGNATURE):
            self.assertEqual(clean(kind(field("ref", type_)), {"ref": 3}).data, {"ref": 3})


class RequiredTests(SimpleTestCase):
    def test_required_fields_are_named_in_the_readers_language(self):
        form = kind(field("goals", T.LONG_TEXT, "服务目标", "Goals", required=True))
        for blank in ({}, {"goals": ""}, {"goals": "   "}):
            with self.subTest(data=blank), translation.override("zh-hans"):
                problems = clean(form, blank).problems
                self.assertEqual([(p.path, p.label) for p in problems], [("goals", "服务目标")])
                self.assertIn("服务目标", problems[0].message)
        with translation.override("en"):
            self.assertEqual(clean(form, {}).problems[0].message,
                             "Goals: this field is required.")

    def test_a_wrong_value_is_explained_in_the_readers_language(self):
        form = kind(field("minutes", T.INTEGER, "时长", "Minutes", maximum=60))
        with translation.override("zh-hans"):
            self.assertEqual(clean(form, {"minutes": 61}).problems[0].message,
                             "时长：不能大于 60。")
        with translation.override("en"):
            self.assertEqual(clean(form, {"minutes": 61}).problems[0].message,
                             "Minutes: at most 60.")

    def test_required_when_reads_the_other_fields_as_cleaned(self):
        form = kind(
            field("absent", T.YES_NO),
            field("reason", T.TEXT, "缺席原因", "Reason for absence",
                  required_when=When("absent", (True,))),
            field("kinds", T.MULTI_CHOICE, choices=YES_NO_OPTIONS),
            field("other", T.TEXT, required_when=When("kinds", ("c",))),
            field("follow_up", T.DATE, required_when=When("reason")),
        )
        self.assertFalse(clean(form, {"absent": "yes"}).ok)
        self.assertEqual([p.path for p in clean(form, {"absent": "是"}).problems], ["reason"])
        self.assertTrue(clean(form, {"absent": False}).ok)
        self.assertTrue(clean(form, {}).ok)
        self.assertEqual([p.path for p in clean(form, {"kinds": ["a", "c"]}).problems],
                         ["other"])
        self.assertTrue(clean(form, {"kinds": ["a"]}).ok)
        # With no values, any value of the other field makes this one required.
        problems = clean(form, {"absent": True, "reason": "住院"}).problems
        self.assertEqual([p.path for p in problems], ["follow_up"])

    def test_zero_and_no_are_answers_not_blanks(self):
        form = kind(field("count", T.INTEGER, required=True),
                    field("agreed", T.YES_NO, required=True))
        self.assertEqual(clean(form, {"count": 0, "agreed": False}).data,
                         {"count": 0, "agreed": False})

    def test_an_unknown_field_is_refused_not_dropped(self):
        problems = clean(kind(field("goals", T.TEXT)), {"goals": "x", "gaols": "y"}).problems
        self.assertEqual([p.path for p in problems], ["gaols"])
        self.assertFalse(clean(kind(field("goals", T.TEXT)), ["goals"]).ok)


class TableTests(SimpleTestCase):
    table = field("rows", T.TABLE, "服务安排", "Arrangements", minimum=1, maximum=3, columns=(
        field("when", T.DATE, "时间", "When", required=True),
        field("method", T.TEXT, "方法", "Method", required=True),
        field("minutes", T.INTEGER, "时长", "Minutes", minimum=45, maximum=60),
    ))

    def test_rows_are_cleaned_and_blank_rows_dropped(self):
        result = clean(kind(self.table), {"rows": [
            {"when": "2026-03-02", "method": "小组", "minutes": "45"},
            {"when": "", "method": "", "minutes": ""},
        ]})
        self.assertEqual(result.problems, [])
        self.assertEqual(result.data, {"rows": [
            {"when": "2026-03-02", "method": "小组", "minutes": 45}]})

    def test_each_problem_names_its_row_and_column(self):
        result = clean(kind(self.table), {"rows": [
            {"when": "2026-03-02", "method": "小组"},
            {"when": "2026-13-01", "minutes": 61},
        ]})
        self.assertEqual(sorted(p.path for p in result.problems),
                         ["rows.2.method", "rows.2.minutes", "rows.2.when"])

    def test_the_number_of_rows_is_bounded(self):
        row = {"when": "2026-03-02", "method": "小组"}
        self.assertEqual([p.path for p in clean(kind(self.table), {"rows": []}).problems],
                         [])  # no rows at all: not required, so nothing to count
        self.assertFalse(clean(kind(self.table), {"rows": [row] * 4}).ok)
        self.assertTrue(clean(kind(self.table), {"rows": [row] * 3}).ok)
        self.assertFalse(clean(kind(self.table), {"rows": "rows"}).ok)


class DefinitionCheckTests(SimpleTestCase):
    def refused(self, *fields, **kind_options):
        with self.assertRaises(DefinitionError) as caught:
            kind(*fields, **kind_options).check()
        return str(caught.exception)

    def test_inconsistent_definitions_are_refused_with_the_reason(self):
        self.assertIn("unknown field 'nope'",
                      self.refused(field("a", T.TEXT, required_when=When("nope"))))
        self.assertIn("needs choices", self.refused(field("a", T.CHOICE)))
        self.assertIn("only a choice field", self.refused(
            field("a", T.TEXT, choices=YES_NO_OPTIONS)))
        self.assertIn("minimum above maximum",
                      self.refused(field("a", T.INTEGER, minimum=9, maximum=8)))
        self.assertIn("appears twice", self.refused(field("a", T.TEXT), field("a", T.DATE)))
        self.assertIn("needs columns", self.refused(field("a", T.TABLE)))
        self.assertIn("cannot hold a table", self.refused(
            field("a", T.TABLE, columns=(field("b", T.TABLE, columns=(field("c", T.TEXT),)),))))
        self.assertIn("lower_snake_case", self.refused(field("Bad-Code", T.TEXT)))
        self.assertIn("unknown subject", self.refused(field("a", T.TEXT), subject="client"))
        self.assertIn("itself", self.refused(field("a", T.TEXT, required_when=When("a"))))

    def test_free_text_is_sensitive_unless_the_definition_says_otherwise(self):
        self.assertTrue(field("notes", T.LONG_TEXT).is_sensitive)
        self.assertTrue(field("name", T.TEXT).is_sensitive)
        self.assertFalse(field("kind", T.CHOICE, choices=YES_NO_OPTIONS).is_sensitive)
        self.assertFalse(field("title", T.TEXT, sensitive=False).is_sensitive)
        self.assertTrue(field("count", T.INTEGER, sensitive=True).is_sensitive)


class RegistryTests(SimpleTestCase):
    def test_versions_stay_registered_and_new_documents_take_the_latest(self):
        registry = Registry()
        first = registry.register(kind(field("a", T.TEXT)))
        second = registry.register(kind(field("a", T.TEXT), field("b", T.DATE), version=2))
        self.assertIs(registry.get("test_form", 1), first)
        self.assertIs(registry.latest("test_form"), second)
        self.assertEqual(registry.codes(), ("test_form",))
        with self.assertRaises(ValueError):
            registry.register(kind(field("a", T.TEXT)))
        with self.assertRaises(UnknownKind):
            registry.get("test_form", 3)
        with self.assertRaises(UnknownKind):
            registry.latest("nothing")

    def test_an_inconsistent_kind_is_not_registered(self):
        registry = Registry()
        with self.assertRaises(DefinitionError):
            registry.register(kind(field("a", T.CHOICE)))
        self.assertEqual(registry.codes(), ())
