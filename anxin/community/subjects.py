"""A community activity as the subject of documents (documents/subjects.py): its record (社区活动
记录), with photos. Reading needs COMMUNITY_VIEW in the activity's organisation, writing
COMMUNITY_RECORD, printing the printing capability of files."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anxin.accounts.capabilities import CASE_PRINT, COMMUNITY_RECORD, COMMUNITY_VIEW
from anxin.core.exceptions import NotPermitted
from anxin.documents.subjects import Heading, Subject


class ActivitySubject(Subject):
    name, field, label = "activity", "activity", _("community activity")
    read_capability, write_capability, print_capability = (COMMUNITY_VIEW, COMMUNITY_RECORD,
                                                           CASE_PRINT)

    def access(self, user, pk, *, for_write=False):
        from .selectors import access_activity

        return access_activity(user, pk, for_write=for_write)

    def lock(self, obj):
        from .models import CommunityActivity

        return CommunityActivity.objects.select_for_update().get(pk=obj.pk)

    def require(self, user, capability, obj):
        if not user.is_authenticated or not user.can(capability) \
                or not user.can(COMMUNITY_VIEW) or user.membership is None \
                or user.membership.organization_id != obj.organization_id:
            raise NotPermitted

    def visible(self, user):
        return Q(activity__isnull=False) if user.can(COMMUNITY_VIEW) else Q(pk__in=[])

    def heading(self, obj):
        from django.utils import translation

        with translation.override("zh-hans"):
            kind_zh = str(obj.get_type_display())
        place = obj.place or (obj.region.name if obj.region_id else "线上")
        return Heading(
            line=f"{obj.title} · {obj.get_type_display()} · {obj.date:%Y-%m-%d}",
            back_url=obj.get_absolute_url(), back_label=str(_("Back to the activity")),
            print_rows=(("活动名称", obj.title), ("活动类型", kind_zh),
                        ("日期", f"{obj.date:%Y-%m-%d}"), ("地点", place)),
            print_details=(("参与人数", f"居民{obj.residents_count}人，服务对象"
                                      f"{obj.clients_count}人，家属{obj.family_count}人"),))
