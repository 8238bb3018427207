"""Shared fixtures of the community tests: an activity, a volunteer, a group, each made through
the actions (the group directly: its own actions belong to group work)."""

import datetime

from anxin.accounts.models import Region
from anxin.community import actions

DAY = datetime.date(2026, 3, 10)


def activity_data(**changes) -> dict:
    data = {"type": "health_lecture", "title": "心理健康知识讲座", "date": DAY,
            "region": Region.objects.get(code="510107001"), "place": "浆洗街社区活动中心",
            "partners": "浆洗街社区卫生服务中心", "residents_count": 30, "clients_count": 4,
            "family_count": 6, "summary": "讲解常见精神疾病的早期识别与求助途径。"}
    data.update(changes)
    return data


def record_activity(user, **changes):
    return actions.do_record_activity(acting_user=user, **activity_data(**changes))


def register_volunteer(user, **changes):
    data = {"name": "赵志愿", "phone": "13912345678", "skills": ["escort", "event_support"],
            "skills_note": "退休护士"}
    data.update(changes)
    return actions.do_register_volunteer(acting_user=user, **data)


def make_group(organization, user, title="照顾者支持小组"):
    from anxin.groups.models import Group

    return Group.objects.create(organization=organization, type="carers", title=title,
                                created_by=user)
