"""Who sees which crisis alert: the roles that answer for the whole organisation — the 分管领导
(lead) among them, since the protocol's "report to the leadership" step goes to them
(PSY-measure-7) — see every alert of their organisation, a public self-assessment's too; a
worker sees the alerts addressed to them or about clients they see; nobody sees another
organisation's."""

from anxin.accounts.choices import Role
from anxin.safety import actions
from anxin.safety.models import Alert
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_user


class AlertVisibilityTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lead = make_user("huangjg", "黄建国", role=Role.LEAD, organization=cls.p.org_a)
        cls.lead_b = make_user("lead_b", "周强", role=Role.LEAD, organization=cls.p.org_b)
        # A public self-assessment's alert has no client; it goes to the duty worker (none set:
        # the organisation's admins).
        cls.public = actions.raise_alert("self_assessment_contact", organization=cls.p.org_a)

    def seen_by(self, user) -> bool:
        return Alert.objects.visible_to(user).filter(pk=self.public.pk).exists()

    def test_the_roles_answering_for_the_organisation_see_a_public_alert(self):
        for user in (self.lead, self.p.chen_min, self.p.admin_a, self.p.quality_a):
            with self.subTest(user=user.username):
                self.assertTrue(self.seen_by(user))

    def test_a_worker_it_is_not_addressed_to_and_other_organisations_do_not(self):
        for user in (self.p.wang_fang, self.p.li_qiang, self.lead_b, self.p.zhao_lei,
                     self.p.archivist_a, self.p.viewer):
            with self.subTest(user=user.username):
                self.assertFalse(self.seen_by(user))
