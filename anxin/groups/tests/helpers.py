"""A rehabilitation training group as the tests need it: created by 王芳, its plan written and
approved by her supervisor 陈敏, members who consented, sessions in the past."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.documents.actions import do_review_document, do_save_document, do_submit_document
from anxin.groups import actions
from anxin.groups.kinds import GROUP_EVALUATION, GROUP_PLAN
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client

CONSENT = {"consent_mode": "verbal", "consented_on": datetime.date(2026, 1, 5)}

PLAN = {
    "background": "出院后社交退缩，缺少同伴交往机会。",
    "general_aim": "提升组员的人际沟通能力。",
    "objectives": "学会自我介绍、表达需要、拒绝与求助。",
    "population": "社区康复期精神障碍患者",
    "planned_members": "6",
    "recruitment": ["referral", "invitation"],
    "session_plan": [{"number": "1", "theme": "相识", "content": "破冰游戏"},
                     {"number": "2", "theme": "表达需要", "content": "角色扮演"}],
    "methods": ["instrument", "attendance"],
}

EVALUATION = {"goals_met": "partly", "methods": ["instrument", "attendance"],
              "outcomes": "多数组员能够主动表达需要。", "reason": "completed"}


class GroupTestCase(PersonaTestCase):
    def refusal(self, call) -> str:
        """The English message of the ValidationError `call` raises."""
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            call()
        return " ".join(caught.exception.messages)

    def make_group(self, *, measure="", type="rehab_training", weeks=10, approved=True):
        group = actions.do_create_group(acting_user=self.p.wang_fang, type=type,
                                        title="社交技能训练小组", goals="提升人际沟通",
                                        course_weeks=weeks, measure=measure,
                                        programme="social_adaptation"
                                        if type == "rehab_training" else "")
        if approved:
            self.approve(group, GROUP_PLAN, PLAN)
        return group

    def approve(self, group, kind, data):
        document = do_save_document(group, kind, data, acting_user=self.p.wang_fang)
        do_submit_document(document, acting_user=self.p.wang_fang)
        do_review_document(document, acting_user=self.p.chen_min, decision="approved")
        return document

    def approve_evaluation(self, group):
        return self.approve(group, GROUP_EVALUATION, EVALUATION)

    def members(self, group, n, *, start=100):
        clients = [make_client(self.p.org_a, self.p.wang_fang, name=f"组员{i}",
                               sequence=start + i) for i in range(n)]
        joined = timezone.localdate() - datetime.timedelta(days=30)
        return [actions.do_add_member(group, client, acting_user=self.p.wang_fang,
                                      joined_on=joined, **CONSENT) for client in clients]

    def past_session(self, group, *, days_ago=7, minutes=50):
        return actions.do_plan_session(
            group, acting_user=self.p.wang_fang, minutes=minutes, place="活动室",
            starts_at=timezone.now() - datetime.timedelta(days=days_ago))
