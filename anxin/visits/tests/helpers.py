"""Shared set-up of the home-visit tests: 王芳's case of 张伟 (supervised by 陈敏) in its
assessment stage, so a risk level can be put on form C, and a visit in any state."""

import datetime
from unittest import mock

from django.utils import timezone, translation

from anxin.accounts.choices import Role
from anxin.cases import actions as case_actions
from anxin.cases import scenarios
from anxin.safety.actions import do_resolve_alert, unticked_items
from anxin.safety.selectors import settings_for
from anxin.visits import actions
from anxin.visits.models import HomeVisit
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_user

REAL_NOW = timezone.now
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)


class VisitTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.today = timezone.localdate()
        case = case_actions.do_open_case(p.client_a, acting_user=p.wang_fang,
                                         worker=p.wang_fang, supervisor=p.chen_min,
                                         source="sought_help", application_date=cls.today)
        cls.case = scenarios.advance(case, "assessment", worker=p.wang_fang,
                                     supervisor=p.chen_min)
        # 周梅, worker of team 1: stays at the station while others are out; sees no client.
        cls.zhou_mei = make_user("zhoumei", "周梅", role=Role.WORKER, organization=p.org_a,
                                 team=p.wang_fang.membership.team)

    def setUp(self):
        # Messages are checked in English, whatever the catalogue holds.
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        # The pages read the clock; it is set to 10:00 today (site time) and runs on from there,
        # so a visit planned, left and listed in one test never straddles midnight.
        started = REAL_NOW()
        opening = timezone.localtime(started).replace(hour=10, minute=0, second=0,
                                                     microsecond=0)
        clock = mock.patch("django.utils.timezone.now",
                           side_effect=lambda: opening + (REAL_NOW() - started))
        clock.start()
        self.addCleanup(clock.stop)
        # Each test's own clock for the actions: a quarter past the hour, an hour from now.
        self.now = opening + HOUR + 15 * MINUTE

    # --- Risk level and settings ---------------------------------------------------------------

    def set_risk_level(self, level: int | None) -> None:
        """Form C's risk level: the latest reading `latest_risk_level` finds (CMH-6.2)."""
        case_actions.do_save_assessment(self.case, acting_user=self.p.wang_fang, data={
            "filled_on": self.today, "risk_level": level})

    def set_threshold(self, level: int) -> None:
        settings = settings_for(self.p.org_a)
        settings.companion_above_level = level
        settings.save()

    def set_grace(self, minutes: int) -> None:
        settings = settings_for(self.p.org_a)
        settings.checkin_grace_minutes = minutes
        settings.save()

    # --- A visit in each state -----------------------------------------------------------------

    def plan(self, *, by=None, staff=None, case="default", **extra) -> HomeVisit:
        by = by or self.p.wang_fang
        data = {"planned_for": self.now + HOUR, "purpose": "了解近期服药与睡眠情况",
                "place": "武侯区幸福路1号", "suitability_note": "母亲电话告知近期情绪平稳"}
        data.update(extra)
        return actions.do_plan_home_visit(
            self.p.client_a, acting_user=by, case=self.case if case == "default" else case,
            staff=staff if staff is not None else [by, self.p.li_qiang], now=self.now, **data)

    def depart(self, visit, *, by=None, back_in=2 * HOUR, station_worker=None, went=None,
               at=None) -> HomeVisit:
        """王芳 and 李强 leave now, back in two hours; 周梅 is told at the station."""
        by = by or self.p.wang_fang
        at = at or self.now
        return actions.do_depart_home_visit(
            visit, acting_user=by, went=went if went is not None else [self.p.wang_fang,
                                                                       self.p.li_qiang],
            expected_return_at=at + back_in,
            station_worker=station_worker or self.zhou_mei, contact_phone="13800001111",
            now=at)

    def out(self, **plan) -> HomeVisit:
        return self.depart(self.plan(**plan))


def resolve(alert, *, by, resolution: str = "已处理"):
    """Resolve a crisis alert, saying for each protocol step not ticked why it did not apply."""
    return do_resolve_alert(alert, acting_user=by, resolution=resolution,
                            not_applicable={i.code: "不适用" for i in unticked_items(alert)})
