"""Groups and their sessions as subjects of documents (documents/subjects.py): the group plan
and the group's evaluation belong to a group, a session record to one session.

Reading group work needs COMMUNITY_VIEW and the group's organisation; writing its documents
needs GROUP_RUN; printing, the printing capability of case files as well (a group's documents
name its members).
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_PRINT, COMMUNITY_VIEW, GROUP_RUN
from anxin.core.access import access, require
from anxin.core.exceptions import NotPermitted
from anxin.documents.subjects import Heading, Subject


def _require_in(user, capability: str, obj) -> None:
    """The capability, reading group work, and the group's (or session's) organisation."""
    if not user.is_authenticated or not user.can(capability) \
            or not user.can(COMMUNITY_VIEW) or user.membership is None \
            or user.membership.organization_id != obj.organization_id:
        raise NotPermitted


class GroupSubject(Subject):
    name, field, label = "group", "group", _("group")
    read_capability, write_capability, print_capability = COMMUNITY_VIEW, GROUP_RUN, CASE_PRINT

    def access(self, user, pk, *, for_write=False):
        from .models import Group

        needs = (COMMUNITY_VIEW, GROUP_RUN) if for_write else (COMMUNITY_VIEW,)
        return access(user, Group.objects.all(), pk, *needs)

    def lock(self, obj):
        from .models import Group

        return Group.objects.select_for_update().get(pk=obj.pk)

    def require(self, user, capability, obj):
        _require_in(user, capability, obj)

    def visible(self, user):
        return Q(group__isnull=False) if user.can(COMMUNITY_VIEW) else Q(pk__in=[])

    def heading(self, obj):
        from django.urls import reverse

        return Heading(line=f"{obj.title} · {obj.get_type_display()}",
                       back_url=reverse("groups:detail", args=[obj.pk]),
                       back_label=str(_("Back to the group")),
                       print_rows=(("小组名称", obj.title), ("小组类型", _zh_type(obj))))


class GroupSessionSubject(Subject):
    name, field, label = "group_session", "group_session", _("group session")
    read_capability, write_capability, print_capability = COMMUNITY_VIEW, GROUP_RUN, CASE_PRINT

    def access(self, user, pk, *, for_write=False):
        from .models import GroupSession

        require(user, COMMUNITY_VIEW, *((GROUP_RUN,) if for_write else ()))
        session = get_object_or_404(
            GroupSession.objects.select_related("group"), pk=pk,
            group__in=_visible_groups(user))
        return session

    def lock(self, obj):
        from .models import GroupSession

        return GroupSession.objects.select_for_update().select_related("group").get(pk=obj.pk)

    def require(self, user, capability, obj):
        _require_in(user, capability, obj)

    def visible(self, user):
        return Q(group_session__isnull=False) if user.can(COMMUNITY_VIEW) else Q(pk__in=[])

    def describe(self, obj):
        when = localtime(obj.starts_at).strftime("%Y-%m-%d %H:%M")
        return str(_("%(group)s · session %(number)s · %(when)s")) % {
            "group": obj.group.title, "number": obj.number, "when": when}

    def heading(self, obj):
        from django.urls import reverse

        group = obj.group
        when = localtime(obj.starts_at).strftime("%Y-%m-%d %H:%M")
        return Heading(
            line=self.describe(obj),
            back_url=reverse("groups:detail", args=[group.pk]),
            back_label=str(_("Back to the group")),
            print_rows=(("小组名称", group.title), ("节次", f"第{obj.number}节"),
                        ("时间", when), ("地点", obj.place or "")),
            print_details=(("出席情况", _attendance_line(obj)),))


def _attendance_line(session) -> str:
    """出席 2 人：… ；迟到 …；缺席 …（reasons are not printed: they are health details)."""
    from .models import Attendance, GroupAttendance

    rows = (GroupAttendance.objects.filter(organization_id=session.organization_id,
                                           session=session)
            .select_related("member__client").order_by("member__joined_on", "member_id"))
    names = {status: [] for status in Attendance.values}
    for row in rows:
        names[row.status].append(row.member.client.name)
    if not any(names.values()):
        return "未记录"
    labels = {Attendance.PRESENT: "出席", Attendance.LATE: "迟到", Attendance.ABSENT: "缺席"}
    return "；".join(f"{labels[s]}{len(n)}人：{'、'.join(n)}" for s, n in names.items() if n)


def _visible_groups(user):
    from .models import Group

    return Group.objects.visible_to(user).values("pk")


def _zh_type(group) -> str:
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(group.get_type_display())
