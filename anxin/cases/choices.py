"""The tick boxes of forms A–G, as choices. Each class names the form and box it comes from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseSource(models.TextChoices):
    """CMH-B 申请途径."""

    SOUGHT_HELP = "sought_help", _("Sought help")
    FOUND_BY_WORKER = "found_by_worker", _("Found by a social worker")
    REFERRED = "referred", _("Referred by others")
    OTHER = "other", _("Other")


class ApplicationDecision(models.TextChoices):
    """CMH-B 社工评估 → 跟进: 否, or 是 for a simple problem, or 是 within the centre's scope."""

    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    BRIEF = "brief", _("Accepted: simple problem, brief help")
    ACCEPTED = "accepted", _("Accepted: open a case")


class NotAcceptedGround(models.TextChoices):
    """CMH-B 依据 when the answer is 否."""

    BEYOND_WORKER = "beyond_worker", _("Beyond the social worker's capacity")
    BEYOND_CENTRE = "beyond_centre", _("Beyond the centre's scope of service")
    CLIENT_REFUSED = "client_refused", _("The client refused or gave up")
    LOST_OR_DIED = "lost_or_died", _("Objective reasons: lost contact or died")
    OTHER = "other", _("Other")


class NotAcceptedHandling(models.TextChoices):
    """CMH-B 处理方式 when the answer is 否."""

    TOLD_REASON = "told_reason", _("Told the client clearly why the case cannot be accepted")
    REFERRED = "referred", _("Referred to another organisation, department or worker")
    OTHER = "other", _("Other")


class BriefKind(models.TextChoices):
    """CMH-B 处理方式 for a simple problem."""

    TEMPORARY = "temporary", _("Temporary intervention")
    CONSULTATION = "consultation", _("Consultation")
    OTHER = "other", _("Other")


class ConsentMode(models.TextChoices):
    """CMH-A: 口头知会 or 书面协议 (CMH-6.1 书面服务协议或口头服务协议)."""

    VERBAL = "verbal", _("Verbal notice")
    WRITTEN = "written", _("Written agreement")


class Signer(models.TextChoices):
    CLIENT = "client", _("Client")
    GUARDIAN = "guardian", _("Guardian")


class SignatureKind(models.TextChoices):
    DRAWN = "drawn", _("Drawn on screen")
    SCAN = "scan", _("Uploaded scan")


class PlanKind(models.TextChoices):
    """CMH-D 计划类型."""

    INITIAL = "initial", _("Initial")
    SUPPLEMENTARY = "supplementary", _("Supplementary")


class ReviewStatus(models.TextChoices):
    """Where a plan or closing form stands in its confirmations and approval."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")


class ServiceMode(models.TextChoices):
    """CMH-E 服务方式."""

    INTERVIEW = "interview", _("Interview")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    COMMUNITY_VISIT = "community_visit", _("Community visit")
    COUNSELLING = "counselling", _("Counselling")
    CASE_MANAGEMENT = "case_management", _("Case management")
    OTHER = "other", _("Other")


class Improvement(models.TextChoices):
    """CMH-F question 2: has the client's ability to cope improved?"""

    YES = "yes", _("Yes")
    SOMEWHAT = "somewhat", _("Somewhat")
    NO = "no", _("No")


class Satisfaction(models.IntegerChoices):
    """CMH-F question 3, the 5-point scale, 5 = very satisfied."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neutral")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class GoalAttainment(models.TextChoices):
    """CMH-F question 5."""

    FULL = "full", _("Fully achieved")
    PARTIAL = "partial", _("Partly achieved")
    NONE = "none", _("Not achieved")


class ClosingReason(models.TextChoices):
    """CMH-G 结案原因. The form's one box 服务对象死亡或搬迁 is two choices here: a client who moved
    away is still followed up after closing (CMH-6.6), one who died cannot be; both tick the
    printed box."""

    GOAL_REACHED = "goal_reached", _("Goal reached")
    NOT_SUITABLE = "not_suitable", _("Social worker considers continuing unsuitable")
    CLIENT_REFUSED = "client_refused", _("Client refused further service")
    DIED = "died", _("Client died")
    MOVED = "moved", _("Client moved away")
    OTHER = "other", _("Other")


# Closing reasons that make a follow-up after closing impossible (CMH-6.6 结案后跟进回访).
NO_FOLLOW_UP_POSSIBLE = frozenset({ClosingReason.DIED})


class Stability(models.TextChoices):
    """Illness stability, asked first in the assessment (CMH-6.2 病情稳定性)."""

    STABLE = "stable", _("Stable")
    MOSTLY_STABLE = "mostly_stable", _("Mostly stable")
    UNSTABLE = "unstable", _("Unstable")


class RiskLevel(models.IntegerChoices):
    """危险性评估 0–5 (CMH-6.2); the wording of each level comes with the instruments."""

    LEVEL_0 = 0, _("Level 0")
    LEVEL_1 = 1, _("Level 1")
    LEVEL_2 = 2, _("Level 2")
    LEVEL_3 = 3, _("Level 3")
    LEVEL_4 = 4, _("Level 4")
    LEVEL_5 = 5, _("Level 5")


class ReferralKind(models.TextChoices):
    INTERNAL = "internal", _("To an organisation on Anxin")
    EXTERNAL = "external", _("To an outside body")
    INCOMING = "incoming", _("From an outside body")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Awaiting the receiver's answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    AWAITING_FEEDBACK = "awaiting_feedback", _("Awaiting feedback")
    COMPLETED = "completed", _("Completed")


class SharedItem(models.TextChoices):
    """What the client agreed may go with a referral (CMH-4.1, CMH-4.2)."""

    BASIC = "basic", _("Basic details (name, sex, birth date, phone, address)")
    CONTACTS = "contacts", _("Guardians and emergency contacts")
    DIAGNOSES = "diagnoses", _("Diagnoses")
    ASSESSMENT = "assessment", _("Assessment summary and risk level")
