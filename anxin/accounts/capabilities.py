"""What each role may do. One table, read by access checks, actions, views and the API.

Visibility (which clients) is decided separately in clients/selectors.py; a capability only says
whether a role may perform a kind of operation at all.
"""

from .choices import Role

CLIENT_VIEW = "client.view"
CLIENT_CREATE = "client.create"
CLIENT_EDIT = "client.edit"
CLIENT_EXPORT = "client.export"
AUDIT_VIEW = "audit.view"
REGION_INDICATORS_VIEW = "region.indicators.view"
CASE_VIEW = "case.view"
CASE_CREATE = "case.create"
# Filling in a case's forms and moving it along its pathway.
CASE_TRANSITION = "case.transition"
# 督导或上级分管领导: approving plans and closings (CMH-6.3, CMH-G) and reopening closed cases.
CASE_APPROVE = "case.approve"
CASE_PRINT = "case.print"
# Accepting or declining a referral sent to the organisation (CMH-6.1, CMH-6.4).
REFERRAL_DECIDE = "referral.decide"
# Giving an instrument (PHQ-9, risk level …) within a case, or a link for the client to fill it.
INSTRUMENT_ADMINISTER = "instrument.administer"
# Crisis alerts: seeing them, and working them (acknowledge, log steps, resolve).
ALERT_VIEW = "alert.view"
ALERT_HANDLE = "alert.handle"
INCIDENT_RECORD = "incident.record"
# Home visits (CMH-8.2.2a): planning and checking in; approving a visit to a risky client.
VISIT_PLAN = "visit.plan"
VISIT_APPROVE = "visit.approve"
# The organisation's safety settings: escalation time, duty worker, help lines, thresholds.
SAFETY_SETTINGS = "safety.settings"
# Organisation administration: the staff directory, adding and changing members, their
# qualifications and training, and handing cases from one worker to another.
STAFF_MANAGE = "staff.manage"
CASE_REASSIGN = "case.reassign"
# 破窗访问 (break-the-glass): opening, in an emergency, a client of the organisation outside
# one's own work for a fixed time with a reason; and reviewing every such opening afterwards.
CLIENT_EMERGENCY_ACCESS = "client.emergency_access"
CLIENT_EMERGENCY_REVIEW = "client.emergency_review"
# Group and community work (CMH-7.1, CHR-7.3, REH-5.5): reading the organisation's groups,
# activities, volunteers, peer supporters and caring teams; running groups and recording
# community activities; keeping the volunteer and peer-supporter registers and the caring teams.
COMMUNITY_VIEW = "community.view"
GROUP_RUN = "group.run"
COMMUNITY_RECORD = "community.record"
VOLUNTEER_MANAGE = "volunteer.manage"
CARING_TEAM_MANAGE = "caring_team.manage"
# Rehabilitation centres (REH): recording a resident's medication, training, daily services,
# employment and health events; the centre's own profile and medical partners (REH-4.7.3.6,
# REH-4.9.2.2, REH-5.2.1.1.3); importing the street's registered roster (REH-6.4.3).
REHAB_RECORD = "rehab.record"
CENTRE_SETTINGS = "centre.settings"
ROSTER_IMPORT = "roster.import"

_CASE_WORK = {CASE_VIEW, CASE_CREATE, CASE_TRANSITION, CASE_PRINT, INSTRUMENT_ADMINISTER,
              ALERT_VIEW, ALERT_HANDLE, INCIDENT_RECORD, VISIT_PLAN}
_COMMUNITY_WORK = {COMMUNITY_VIEW, GROUP_RUN, COMMUNITY_RECORD, VOLUNTEER_MANAGE,
                   CARING_TEAM_MANAGE, REHAB_RECORD}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.WORKER: frozenset({CLIENT_VIEW, CLIENT_CREATE, CLIENT_EDIT, *_CASE_WORK,
                            *_COMMUNITY_WORK}),
    Role.SUPERVISOR: frozenset({CLIENT_VIEW, CLIENT_CREATE, CLIENT_EDIT, CLIENT_EXPORT,
                                *_CASE_WORK, *_COMMUNITY_WORK, CASE_APPROVE, REFERRAL_DECIDE,
                                VISIT_APPROVE, CLIENT_EMERGENCY_ACCESS, ROSTER_IMPORT}),
    Role.ORG_ADMIN: frozenset(
        {CLIENT_VIEW, CLIENT_CREATE, CLIENT_EDIT, CLIENT_EXPORT, AUDIT_VIEW, CASE_VIEW,
         CASE_PRINT, REFERRAL_DECIDE, ALERT_VIEW, SAFETY_SETTINGS, STAFF_MANAGE, CASE_REASSIGN,
         CLIENT_EMERGENCY_REVIEW, COMMUNITY_VIEW, VOLUNTEER_MANAGE,
         CARING_TEAM_MANAGE, CENTRE_SETTINGS, ROSTER_IMPORT}
    ),
    # 上级分管领导 (CMH-6.3 "督导或上级分管领导"): reads the organisation's work and approves.
    Role.LEAD: frozenset({CLIENT_VIEW, CASE_VIEW, CASE_PRINT, CASE_APPROVE, ALERT_VIEW,
                          COMMUNITY_VIEW}),
    # Archivists keep the one-person-one-file records (CMH-8.3); they read, they do not edit.
    Role.ARCHIVIST: frozenset({CLIENT_VIEW, CLIENT_EXPORT, CASE_VIEW, CASE_PRINT,
                               COMMUNITY_VIEW}),
    # Quality officers check files against the standards (CMH-8.1); read only.
    Role.QUALITY_OFFICER: frozenset({CLIENT_VIEW, CASE_VIEW, CASE_PRINT, ALERT_VIEW,
                                     COMMUNITY_VIEW}),
    # Civil-affairs and health bureaus see aggregated indicators, never identities.
    Role.REGIONAL_VIEWER: frozenset({REGION_INDICATORS_VIEW}),
}


# Roles that see every client and case of their organisation; the others see their own work.
ORG_WIDE_ROLES = frozenset({Role.ORG_ADMIN, Role.ARCHIVIST, Role.QUALITY_OFFICER, Role.LEAD})
# Roles that answer for every crisis alert of their organisation, a self-assessment's included.
ALERT_WIDE_ROLES = frozenset({Role.SUPERVISOR, Role.ORG_ADMIN, Role.QUALITY_OFFICER, Role.LEAD})


def role_can(role: str | None, capability: str) -> bool:
    return role is not None and capability in ROLE_CAPABILITIES.get(role, frozenset())
