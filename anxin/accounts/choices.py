from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COMMUNITY_STATION = "community_station", _("Community social-work station")
    HOSPITAL = "hospital", _("Hospital")
    REHAB_DAY = "rehab_day", _("Rehabilitation day centre")
    REHAB_RESIDENTIAL = "rehab_residential", _("Residential rehabilitation centre")
    SOCIAL_SERVICE = "social_service", _("Social-service organisation")


class Role(models.TextChoices):
    WORKER = "worker", _("Social worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    ARCHIVIST = "archivist", _("Archivist")
    QUALITY_OFFICER = "quality_officer", _("Quality officer")
    REGIONAL_VIEWER = "regional_viewer", _("Regional viewer")


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
