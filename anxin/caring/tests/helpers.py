"""Shared setup of the caring tests: a team of org A in 浆洗街街道 with an outside member, a
colleague, client_a supported and one meeting; client_a put forward as a peer supporter."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.accounts.models import Region
from anxin.caring import actions
from anxin.caring.choices import MemberRole
from anxin.workspace.testing.cases import PersonaTestCase

TODAY = timezone.localdate


def street(code: str) -> Region:
    return Region.objects.get(code=code)


class CaringTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.formed = TODAY() - datetime.timedelta(days=60)
        cls.team = actions.do_create_team(acting_user=p.wang_fang, name="浆洗街关爱帮扶团队",
                                          street=street("510107001"), formed_on=cls.formed)
        cls.police = actions.do_add_team_member(
            cls.team, acting_user=p.wang_fang, role=MemberRole.POLICE_OFFICER, name="冉志强",
            unit="浆洗街派出所", phone="13881230103", since=cls.formed)
        cls.colleague = actions.do_add_team_member(
            cls.team, acting_user=p.wang_fang, role=MemberRole.SOCIAL_WORKER, user=p.wang_fang,
            since=cls.formed)
        cls.team_client = actions.do_add_team_client(cls.team, p.client_a,
                                                     acting_user=p.wang_fang, since=cls.formed)
        cls.meeting = actions.do_record_meeting(
            cls.team, acting_user=p.wang_fang, held_on=TODAY() - datetime.timedelta(days=3),
            topic="季度联席会议", attendees=[cls.police, cls.colleague],
            clients_discussed=[p.client_a], minutes="张伟近期睡眠差", decisions="一周内联合家访")
        cls.supporter = actions.do_register_peer_supporter(p.client_a, acting_user=p.wang_fang)

    def refusal(self, call, *, language: str = "zh-hans") -> dict[str, list[str]]:
        """The refusal's messages by field, in `language`."""
        with translation.override(language), self.assertRaises(ValidationError) as caught:
            call()
        return caught.exception.message_dict
