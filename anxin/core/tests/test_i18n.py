"""Chinese by default, English on request, and a complete Chinese catalogue."""

from pathlib import Path

import polib
from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from anxin.workspace.testing.cases import PersonaTestCase

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


class CatalogueTest(TestCase):
    def test_it_translates_every_string_into_chinese(self):
        """No entry of the zh_Hans catalogue is untranslated, fuzzy or obsolete."""
        catalogue = polib.pofile(str(CATALOGUE))
        missing = [e.msgid for e in catalogue.untranslated_entries()]
        fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
        self.assertEqual(missing, [], "untranslated")
        self.assertEqual(fuzzy, [], "fuzzy")
        self.assertGreater(len(catalogue.translated_entries()), 100)

    def test_it_keeps_placeholders_intact_in_translations(self):
        """A translation uses exactly the placeholders of its msgid, or rendering breaks."""
        import re

        pattern = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
        for entry in polib.pofile(str(CATALOGUE)).translated_entries():
            with self.subTest(msgid=entry.msgid):
                expected = sorted(pattern.findall(entry.msgid))
                # Plural entries keep their forms in msgstr_plural (Chinese has one).
                for text in entry.msgstr_plural.values() if entry.msgid_plural else [
                        entry.msgstr]:
                    self.assertEqual(sorted(pattern.findall(text)), expected)


class LanguageSwitchTest(PersonaTestCase):
    def test_it_speaks_chinese_by_default(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("clients:list"))
        self.assertContains(response, '<html lang="zh-hans">')
        self.assertContains(response, "服务对象")
        self.assertContains(response, "登记服务对象")

    def test_it_switches_to_english_and_back(self):
        self.client.force_login(self.p.wang_fang)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("clients:list"))
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Register a client")
        self.assertNotContains(response, "登记服务对象")
        self.client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
        self.assertContains(self.client.get(reverse("clients:list")), "登记服务对象")

    def test_it_names_the_field_in_the_users_language(self):
        self.client.force_login(self.p.wang_fang)
        data = {"name": "测试", "id_number": "110105194912310021"}
        chinese = self.client.post(reverse("clients:create"), data)
        self.assertContains(chinese, "校验码")
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        english = self.client.post(reverse("clients:create"), data)
        self.assertContains(english, "check digit")
