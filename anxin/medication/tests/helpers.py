"""Shared setup of the medication tests: org A and org B made residential rehabilitation
centres; client_a (王芳's) on 利培酮 at 08:00 and 20:00 since 30 days ago, with yesterday's two
doses recorded. `at_noon` fixes the clock at today's 12:00, when 08:00 is due and 20:00 not yet."""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from anxin.accounts.choices import OrganizationKind
from anxin.accounts.models import Organization
from anxin.medication import actions
from anxin.medication.models import scheduled_at
from anxin.workspace.testing.cases import PersonaTestCase

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def noon() -> datetime.datetime:
    return scheduled_at(TODAY(), "12:00")


@contextmanager
def at(moment: datetime.datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def at_noon():
    return at(noon())


def set_kind(p, organization, kind: str) -> None:
    """Make `organization` of kind `kind`, for the personas `p` of the calling test."""
    # Only a hospital counts beds (an organisation constraint).
    Organization.objects.filter(pk=organization.pk).update(kind=kind, bed_count=None)
    organization.kind, organization.bed_count = kind, None
    # The personas' memberships were read with their organisation: read them again.
    for user in (*p.all_users().values(), p.qian_wei):
        user._state.fields_cache.pop("_membership", None)


class MedicationTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        set_kind(cls.p, cls.p.org_a, OrganizationKind.REHAB_RESIDENTIAL)
        # Org B a centre too, so that 赵磊 meets org A's rows as another organisation's (404),
        # not as a kind of organisation without the record (403).
        set_kind(cls.p, cls.p.org_b, OrganizationKind.REHAB_RESIDENTIAL)
        p = cls.p
        cls.started = TODAY() - 30 * DAY
        cls.rx = actions.do_add_prescription(
            p.client_a, acting_user=p.wang_fang, drug="利培酮片", dose="2 mg",
            times=["20:00", "8:00"], route="口服", prescriber="李医生",
            prescriber_hospital="成都市第四人民医院", started_on=cls.started, note="饭后服用")
        yesterday = TODAY() - DAY
        cls.given = actions.do_record_administration(
            cls.rx, acting_user=p.wang_fang, scheduled_for=scheduled_at(yesterday, "08:00"),
            outcome="given")
        cls.refused = actions.do_record_administration(
            cls.rx, acting_user=p.wang_fang, scheduled_for=scheduled_at(yesterday, "20:00"),
            outcome="refused", note="称头晕，拒绝服药，已告知精防医生")

    def refusal(self, call, *, language: str = "zh-hans") -> dict[str, list[str]]:
        """The refusal's messages by field, in `language`."""
        with translation.override(language), self.assertRaises(ValidationError) as caught:
            call()
        return caught.exception.message_dict
