"""Shared set-up of the portal tests: org A's page open with 王芳 on duty and two help lines."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from anxin.portal.guard import issue_form_token
from anxin.safety.selectors import settings_for
from anxin.workspace.testing.cases import PersonaTestCase

HELP_LINES = "武侯区心理援助热线: 028-85551234\n希望24热线: 400-161-9995"
NOT_SAID = object()


def answers(*values: int) -> dict[str, int]:
    """Answers item_1 … item_n with the given values (PHQ-9: 9, GAD-7: 7)."""
    return {f"item_{n}": value for n, value in enumerate(values, start=1)}


# Answer sets and what they score.
PHQ9_MINIMAL = answers(0, 1, 0, 1, 0, 0, 0, 0, 0)  # 2, minimal, item 9 = 0
PHQ9_MODERATE = answers(2, 2, 1, 2, 1, 1, 1, 1, 0)  # 11, moderate, item 9 = 0
PHQ9_SELF_HARM = answers(1, 1, 1, 1, 0, 1, 0, 0, 1)  # 6, mild, item 9 = 1
PHQ9_SEVERE = answers(3, 3, 3, 3, 2, 2, 2, 3, 0)  # 21, severe, item 9 = 0
GAD7_SEVERE = answers(3, 3, 2, 2, 2, 2, 2)  # 16, severe
GAD7_MILD = answers(1, 1, 1, 1, 1, 1, 0)  # 6, mild


class PortalTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        safety = settings_for(cls.p.org_a)
        safety.duty_worker = cls.p.wang_fang
        safety.help_lines = HELP_LINES
        safety.save()

    def setUp(self):
        super().setUp()
        cache.clear()  # rate-limit counters

    def questionnaire_url(self, instrument="phq9", org=None):
        return reverse("portal:questionnaire", args=[(org or self.p.org_a).code, instrument])

    def form_data(self, instrument="phq9", given=None, *, org=None, started=NOT_SAID,
                  **extra) -> dict:
        """The POST of a person who opened the form a minute ago."""
        org = org or self.p.org_a
        if started is NOT_SAID:
            started = issue_form_token(org.code, instrument,
                                       at=timezone.now() - datetime.timedelta(minutes=1))
        data = {"started": started, "website": "", "contact_name": "", "contact_phone": ""}
        data.update({code: str(value) for code, value in (given or {}).items()})
        data.update(extra)
        return data

    def submit(self, instrument="phq9", given=None, *, follow=False, org=None,
               remote_addr="127.0.0.1", **extra):
        return self.client.post(self.questionnaire_url(instrument, org),
                                self.form_data(instrument, given, org=org, **extra),
                                follow=follow, REMOTE_ADDR=remote_addr)
