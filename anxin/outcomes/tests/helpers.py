"""Shared setup of the outcome tests: 张伟 (client_a) has a case held by 王芳 with a completed
assisted-employment agreement, an ongoing assisted placement, one relapse admission and one
disability assessment."""

import base64
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.cases import actions as case_actions
from anxin.cases.scenarios import BLANK_PNG
from anxin.documents.actions import do_save_document, do_submit_document
from anxin.outcomes import actions
from anxin.outcomes.kinds import EMPLOYMENT_AGREEMENT
from anxin.workspace.testing.cases import PersonaTestCase

TODAY = timezone.localdate
DRAWN = "data:image/png;base64," + base64.b64encode(BLANK_PNG).decode()
WORKPLACE = "安心康复中心手工坊"
HOSPITAL = "成都市第四人民医院"
NOTE = "停药两周后幻听加重"
CERTIFICATE = "51010719800517001162"


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def open_case(client, worker, supervisor=None):
    return case_actions.do_open_case(client, acting_user=worker, worker=worker,
                                     supervisor=supervisor, source="sought_help",
                                     application_date=TODAY())


def agreement(case, worker, *, kind: str = "assisted", submit: bool = True):
    """An employment agreement of `case`, signed by the client, completed unless `submit` is
    False (then a draft)."""
    document = do_save_document(case, EMPLOYMENT_AGREEMENT, {
        "placement_kind": kind, "workplace": WORKPLACE, "job": "串珠手工", "working_hours":
        "周一至周五 9:00–11:30", "hours_per_week": "12.5", "labour_intensity": "light",
        "safety_protection": "坐姿作业，每小时休息10分钟", "matched_to_capacity": "yes",
        "pay": "按件计酬，每月约300元", "starts_on": days_ago(40).isoformat(),
        "signer": "client", "signed_on": days_ago(40).isoformat(),
    }, acting_user=worker, signatures={"client_signature": (DRAWN, "drawn", "张伟")})
    return do_submit_document(document, acting_user=worker) if submit else document


class OutcomesTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.case = open_case(p.client_a, p.wang_fang, p.chen_min)
        cls.agreement = agreement(cls.case, p.wang_fang)
        cls.placement = actions.do_add_placement(
            p.client_a, acting_user=p.wang_fang, kind="assisted", workplace=WORKPLACE,
            job="串珠手工", hours_per_week=12, started_on=days_ago(30),
            agreement=cls.agreement)
        cls.relapse = actions.do_record_relapse_admission(
            p.client_a, acting_user=p.wang_fang, admitted_on=days_ago(200), hospital=HOSPITAL,
            discharged_on=days_ago(170), note=NOTE)
        cls.disability = actions.do_record_disability_assessment(
            p.client_a, acting_user=p.wang_fang, assessed_on=days_ago(100), grade=3,
            assessing_body="武侯区残疾人联合会", certificate_number=CERTIFICATE)

    def refusal(self, call, *, language: str = "zh-hans") -> dict[str, list[str]]:
        """The refusal's messages by field, in `language`."""
        with translation.override(language), self.assertRaises(ValidationError) as caught:
            call()
        return caught.exception.message_dict
