"""The coded answers of community work: kinds of activity, materials handed out, volunteers'
skills. Codes are stable (indicators count them); labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    HEALTH_LECTURE = "health_lecture", _("Health lecture")
    CONSULTATION_DAY = "consultation_day", _("Health consultation day")
    PUBLICITY = "publicity", _("Publicity")
    ADVOCACY = "advocacy", _("Advocacy")
    POLICY_PUBLICITY = "policy_publicity", _("Policy publicity")
    FESTIVAL_VISITS = "festival_visits", _("Festival care visits")
    SCREENING = "screening", _("Screening and free clinic")
    VOLUNTEER_SERVICE = "volunteer_service", _("Volunteer service")
    RESOURCE_MEETING = "resource_meeting", _("Resource coordination meeting")
    ONLINE_COURSE = "online_course", _("Online course")
    ONLINE_POST = "online_post", _("Online post")


# Held online: no place, and their reach is counted in views or reads (CHR-7.1.3 线上课程、
# 新媒体推送; PSY-measure-1 网络授课).
ONLINE_TYPES = frozenset({ActivityType.ONLINE_COURSE, ActivityType.ONLINE_POST})


class MaterialKind(models.TextChoices):
    # PSY-measure-1: 发放心理健康服务宣传材料，提供心理热线电话号码、心理支持网络平台二维码.
    HOTLINE_LEAFLET = "hotline_leaflet", _("Leaflet with help-line numbers")
    QR_CODE = "qr_code", _("QR code of the support platform")
    BROCHURE = "brochure", _("Brochure")
    POSTER = "poster", _("Poster")
    OTHER = "other", _("Other material")


class VolunteerSkill(models.TextChoices):
    ESCORT = "escort", _("Accompanying clients")
    FOLLOW_UP = "follow_up", _("Follow-up calls and visits")
    REHAB_GUIDANCE = "rehab_guidance", _("Rehabilitation guidance")
    HEALTH_EDUCATION = "health_education", _("Health education")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    MEDICAL = "medical", _("Medical care")
    LEGAL = "legal", _("Legal advice")
    EVENT_SUPPORT = "event_support", _("Running events")
    PHOTOGRAPHY = "photography", _("Photography and publicity")
    OTHER = "other", _("Other skill")
