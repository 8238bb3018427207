"""Shared setup of the programme tests: org A turned into a residential rehabilitation centre
(REH), whose cases open on the REH pathway; 张伟 (client_a, male, 王芳's) and 刘秀英 (client_a2,
female, 李强's) admitted residents in the intervention stage. Personas keep their roles: 王芳
sees case_a, 李强 case_a2, 陈敏 (王芳's supervisor) case_a, the org-wide roles both, 赵磊 (org
B, a hospital) neither."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.accounts.choices import OrganizationKind
from anxin.accounts.models import Organization
from anxin.cases.actions import do_open_case
from anxin.groups.models import (
    Group,
    GroupAttendance,
    GroupMember,
    GroupSession,
    GroupType,
    SessionStatus,
)
from anxin.programmes import actions
from anxin.programmes.participation import Week
from anxin.workspace.testing.cases import PersonaTestCase

NOW = timezone.now


def this_week() -> Week:
    return Week.containing(timezone.localdate())


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     tzinfo=timezone.get_current_timezone())


def forget_membership(*users) -> None:
    """Drop the cached membership (and its organisation) after a fixture changes the kind."""
    for user in users:
        user._state.fields_cache.pop("_membership", None)


def set_kind(organization, kind: str, *users) -> None:
    Organization.objects.filter(pk=organization.pk).update(kind=kind)
    organization.kind = kind
    forget_membership(*users)


class ProgrammeTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        set_kind(p.org_a, OrganizationKind.REHAB_RESIDENTIAL, *p.all_users().values())
        cls.case_a = cls.resident(p.client_a, p.wang_fang, supervisor=p.chen_min)
        cls.case_a2 = cls.resident(p.client_a2, p.li_qiang)

    @classmethod
    def resident(cls, client, worker, *, supervisor=None, stage="intervention",
                 pathway=None):
        case = do_open_case(client, acting_user=worker, worker=worker, supervisor=supervisor,
                            source="sought_help", pathway=pathway,
                            application_date=timezone.localdate() - datetime.timedelta(days=60))
        # Fixture only: the stage a resident reaches after admission and planning.
        case.stage = stage
        case.save(update_fields=["stage"])
        return case

    def session(self, case=None, *, user=None, **overrides):
        values = {"programme": "self_care", "delivery": "one_to_one",
                  "started_at": NOW() - datetime.timedelta(hours=2), "minutes": 50,
                  "lead": user or self.p.wang_fang, "lead_sex": "M",
                  "note": "练习整理床铺"}
        values.update(overrides)
        return actions.do_record_training_session(case or self.case_a,
                                                  acting_user=user or self.p.wang_fang,
                                                  **values)

    def refusal(self, call) -> dict[str, list[str]]:
        """The refusal's messages by field, in Chinese."""
        with translation.override("zh-hans"), self.assertRaises(ValidationError) as caught:
            call()
        return caught.exception.message_dict

    def group_attendance(self, client, starts_at, *, status="present", programme="interests",
                         group=None):
        """A rehabilitation training group's session that `client` attended (fixture rows: the
        groups app's own workflow is tested there)."""
        p = self.p
        if group is None:
            group = Group.objects.create(organization=p.org_a, type=GroupType.REHAB_TRAINING,
                                         title="书法兴趣小组", programme=programme,
                                         created_by=p.wang_fang)
        member = GroupMember.objects.filter(group=group, client=client).first() or \
            GroupMember.objects.create(group=group, client=client,
                                       joined_on=starts_at.date(), consent_mode="verbal",
                                       consented_on=starts_at.date(),
                                       consent_taken_by=p.wang_fang)
        number = group.sessions.count() + 1
        session = GroupSession.objects.create(group=group, number=number, starts_at=starts_at,
                                              minutes=50, status=SessionStatus.HELD)
        GroupAttendance.objects.create(session=session, member=member, status=status,
                                       recorded_by=p.wang_fang)
        return group
