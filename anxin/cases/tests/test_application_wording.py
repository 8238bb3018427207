"""What the case page says is missing ("缺少：…") for form B's decision uses the words of the
choice on form B itself: both come from one definition, ApplicationDecision."""

from django.conf import settings
from django.utils import timezone, translation

from anxin.cases import actions
from anxin.cases.choices import ApplicationDecision
from anxin.cases.forms import ApplicationForm
from anxin.cases.workflow.pathways.cmh import ACCEPTED, ACCEPTED_SIMPLE, NOT_ACCEPTED
from anxin.workspace.testing.cases import PersonaTestCase

REQUIREMENT_OF = {ApplicationDecision.ACCEPTED: ACCEPTED,
                  ApplicationDecision.BRIEF: ACCEPTED_SIMPLE,
                  ApplicationDecision.NOT_ACCEPTED: NOT_ACCEPTED}


class ApplicationWordingTests(PersonaTestCase):
    def test_it_names_each_decision_with_the_forms_own_choice_label(self):
        for language in ("en", "zh-hans"):
            with translation.override(language):
                choices = dict(ApplicationForm().fields["decision"].choices)
                for decision, requirement in REQUIREMENT_OF.items():
                    with self.subTest(language=language, decision=decision):
                        label = str(choices[decision])
                        self.assertEqual(label, str(decision.label))
                        self.assertIn(f"“{label}”", str(requirement.description))

    def test_the_case_page_lists_the_missing_decision_in_the_forms_words(self):
        case = actions.do_open_case(self.p.client_a, acting_user=self.p.wang_fang,
                                    worker=self.p.wang_fang, supervisor=self.p.chen_min,
                                    source="sought_help", application_date=timezone.localdate())
        self.client.force_login(self.p.wang_fang)
        for language, words in (("en", "“Accepted: open a case”"),
                                ("zh-hans", "“是：在中心服务受理范围内”")):
            with self.subTest(language=language):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                page = self.client.get(case.get_absolute_url())
                self.assertContains(page, words)
