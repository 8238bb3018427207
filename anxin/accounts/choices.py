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
    # 上级分管领导: approves plans and closings besides the supervisor (CMH-6.3 "督导或上级").
    LEAD = "lead", _("Leader in charge")
    REGIONAL_VIEWER = "regional_viewer", _("Regional viewer")


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")


class HospitalGrade(models.TextChoices):
    """The three hospital classes of the staffing ratio (MSW-9.1.1.2)."""

    TERTIARY_A = "tertiary_a", _("Grade III-A general hospital")
    SECONDARY_A_OR_BELOW = "secondary_a_or_below", _("Grade II-A general hospital or below")
    SPECIALIST_OR_OTHER = "specialist_or_other", _("Specialist or other hospital")


class EducationLevel(models.TextChoices):
    """Lowest first: the staffing rules compare levels in this order (REH-4.4.1 高中及以上,
    CMH-9.1 专科及以上, CHR-5.1.1 本科及以上)."""

    JUNIOR_HIGH_OR_BELOW = "junior_high_or_below", _("Junior high school or below")
    HIGH_SCHOOL = "high_school", _("High school or technical secondary school")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")
