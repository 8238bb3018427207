"""Which organisations keep which part of the medication record, each with its clause."""

from anxin.accounts.choices import OrganizationKind

# Prescriptions are part of the rehabilitation file of day and residential centres alike
# (REH-4.7.3.1 服药记录; REH-5.5.2.6.1 medication self-management training reads them).
CENTRE_KINDS = frozenset({OrganizationKind.REHAB_DAY, OrganizationKind.REHAB_RESIDENTIAL})
# Only a residential centre hands out doses: it assists the antipsychotic maintenance treatment
# of those who live there (REH-4.6.2.8). A day centre's members take theirs at home.
DOSE_KINDS = frozenset({OrganizationKind.REHAB_RESIDENTIAL})
PRESCRIPTION_CLAUSE = "REH-4.7.3.1"
DOSE_CLAUSE = "REH-4.6.2.8"


def organization_kind(user) -> str | None:
    membership = user.membership if user.is_authenticated else None
    return membership.organization.kind if membership is not None else None


def keeps_prescriptions(user) -> bool:
    return organization_kind(user) in CENTRE_KINDS


def gives_doses(user) -> bool:
    return organization_kind(user) in DOSE_KINDS
