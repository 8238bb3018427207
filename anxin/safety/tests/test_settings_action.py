"""An organisation's safety settings change only through `do_update_safety_settings`, which takes
plain values (so the page, the API and the demo data can all call it) and checks them with the
same functions as the page's form. Reading the settings never writes a row."""

from django.core.exceptions import ValidationError

from anxin.core.exceptions import NotPermitted
from anxin.safety.actions import do_update_safety_settings
from anxin.safety.models import SafetySettings
from anxin.safety.selectors import settings_for
from anxin.workspace.testing.cases import PersonaTestCase


class SettingsReadTest(PersonaTestCase):
    def test_it_reads_the_defaults_without_writing_a_row(self):
        with self.assertNumQueries(1):
            settings = settings_for(self.p.org_a)
        self.assertIsNone(settings.pk)
        self.assertEqual((settings.escalate_after_minutes, settings.companion_above_level,
                          settings.checkin_grace_minutes, settings.self_assessment_enabled),
                         (30, 2, 30, True))
        self.assertFalse(SafetySettings.objects.exists())

    def test_it_reads_what_was_saved(self):
        do_update_safety_settings(self.p.org_a, acting_user=self.p.admin_a,
                                  escalate_after_minutes=15)
        self.assertEqual(settings_for(self.p.org_a).escalate_after_minutes, 15)
        self.assertEqual(settings_for(self.p.org_b).escalate_after_minutes, 30)


class SettingsActionTest(PersonaTestCase):
    def test_it_saves_plain_values_and_audits_what_changed(self):
        saved = do_update_safety_settings(
            self.p.org_a, acting_user=self.p.admin_a, escalate_after_minutes=20,
            duty_worker=self.p.wang_fang, help_lines=" 心理援助热线: 12356 \n\n")
        self.assertEqual(SafetySettings.objects.get(), saved)
        self.assertEqual((saved.escalate_after_minutes, saved.duty_worker, saved.help_lines),
                         (20, self.p.wang_fang, "心理援助热线: 12356"))
        event = self.assert_audited("safety.settings.changed", actor=self.p.admin_a,
                                    target=saved)
        self.assertEqual(sorted(event.data["fields"]),
                         ["duty_worker", "escalate_after_minutes", "help_lines"])
        again = do_update_safety_settings(self.p.org_a, acting_user=self.p.admin_a,
                                          escalate_after_minutes=20, companion_above_level=3)
        self.assertEqual((again.pk, again.companion_above_level, again.duty_worker),
                         (saved.pk, 3, self.p.wang_fang))
        event = self.assert_audited("safety.settings.changed", actor=self.p.admin_a)
        self.assertEqual(event.data["fields"], ["companion_above_level"])

    def test_it_refuses_bad_values_naming_each_field_and_saves_nothing(self):
        with self.assertRaises(ValidationError) as caught:
            do_update_safety_settings(
                self.p.org_a, acting_user=self.p.admin_a, escalate_after_minutes=0,
                companion_above_level=6, checkin_grace_minutes="30",
                duty_worker=self.p.zhao_lei, self_assessment_enabled="yes",
                help_lines="热线:", colour="red")
        self.assertEqual(set(caught.exception.message_dict), {
            "escalate_after_minutes", "companion_above_level", "checkin_grace_minutes",
            "duty_worker", "self_assessment_enabled", "help_lines", "colour"})
        self.assertFalse(SafetySettings.objects.exists())
        self.assert_not_audited("safety.settings.changed")

    def test_it_refuses_the_duty_worker_role_to_a_reader(self):
        with self.assertRaises(ValidationError) as caught:
            do_update_safety_settings(self.p.org_a, acting_user=self.p.admin_a,
                                      duty_worker=self.p.archivist_a)
        self.assertIn("duty_worker", caught.exception.message_dict)

    def test_it_refuses_those_without_the_capability_and_other_organisations(self):
        for person in (self.p.wang_fang, self.p.chen_min, self.p.zhao_lei):
            with self.subTest(person=person.username):
                with self.assertRaises(NotPermitted):
                    do_update_safety_settings(self.p.org_a, acting_user=person,
                                              escalate_after_minutes=10)
        with self.assertRaises(NotPermitted):
            do_update_safety_settings(self.p.org_b, acting_user=self.p.admin_a,
                                      escalate_after_minutes=10)
        self.assertFalse(SafetySettings.objects.exists())
