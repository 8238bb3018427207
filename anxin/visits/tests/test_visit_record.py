"""Form E written from a home visit reports that visit: its staff are the team who went
(checked when they left, CMH-8.2.2a), not a line typed on the form."""

import datetime

from anxin.cases.models import HOME_VISIT_CHECKLIST
from anxin.visits import actions

from .helpers import HOUR, VisitTestCase


class VisitRecordTests(VisitTestCase):
    def returned(self):
        visit = self.out()
        return actions.do_check_in_home_visit(visit, acting_user=self.p.wang_fang,
                                              now=self.now + HOUR)

    def test_the_record_of_a_visit_names_the_staff_who_went(self):
        visit = self.returned()
        record = actions.do_add_visit_service_record(visit, acting_user=self.p.wang_fang, data={
            "started_at": visit.departed_at - datetime.timedelta(hours=2),
            "duration_minutes": 60, "place": "幸福路1号", "participants": "张伟",
            "staff": "王芳", "staff_members": [], "goal": "了解服药情况",
            "content": "服务对象自述按时服药。", **dict.fromkeys(HOME_VISIT_CHECKLIST, True)})
        self.assertEqual(set(record.staff_members.all()), {self.p.wang_fang, self.p.li_qiang})
        visit.refresh_from_db()
        self.assertEqual(visit.service_record, record)
