"""QuickSelect writes what Django's Select writes, option for option."""

from django import forms
from django.test import SimpleTestCase

from anxin.core.widgets import QuickSelect

CHOICES = [("", "— any —"), ("a", "甲 & <乙>"),
           ("Group", [("g1", "组一"), ("g2", "组二")]), (3, "three")]


class QuickSelectTests(SimpleTestCase):
    def assert_same(self, value, **attrs):
        plain = forms.Select(choices=CHOICES, attrs=attrs).render("field", value,
                                                                  attrs={"id": "id_field"})
        quick = QuickSelect(choices=CHOICES, attrs=attrs).render("field", value,
                                                                 attrs={"id": "id_field"})
        self.assertHTMLEqual(quick, plain)
        return quick

    def test_the_same_html_as_djangos_select(self):
        for value in (None, "", "a", "g2", 3, "3", "missing"):
            with self.subTest(value=value):
                self.assert_same(value, **{"class": "form-select", "required": True})

    def test_text_is_escaped_and_the_chosen_option_selected(self):
        html = self.assert_same("g1")
        self.assertIn("甲 &amp; &lt;乙&gt;", html)
        self.assertIn('<option value="g1" selected>组一</option>', html)
