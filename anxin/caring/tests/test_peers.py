"""Peer supporters (CMH-7.2.2 同伴支持: 评估、培训、督导): a client becomes a peer supporter only
after a passed assessment and a training; supervision before and while they support others;
notes encrypted at rest; each step on the audit trail; only clients the user may see."""

import datetime
from decimal import Decimal

from django.db import connection

from anxin.caring import actions
from anxin.caring.choices import AssessmentResult, PeerStatus
from anxin.caring.models import PeerSupporter
from anxin.core.exceptions import NotPermitted, NotVisible

from .helpers import TODAY, CaringTestCase


class PeerGateTests(CaringTestCase):
    def assess(self, result=AssessmentResult.PASSED):
        return actions.do_record_peer_assessment(
            self.supporter, acting_user=self.p.wang_fang, assessed_on=TODAY(),
            assessor=self.p.chen_min, result=result, notes="病情稳定，沟通良好")

    def train(self):
        return actions.do_record_peer_training(
            self.supporter, acting_user=self.p.wang_fang, trained_on=TODAY(),
            topic="同伴支持基础", hours=Decimal("6"))

    def activate(self):
        return actions.do_change_peer_status(self.supporter, acting_user=self.p.wang_fang,
                                             status=PeerStatus.ACTIVE)

    def status(self) -> str:
        return PeerSupporter.objects.get(pk=self.supporter.pk).status

    def test_a_candidate_is_refused_naming_the_clause(self):
        errors = self.refusal(self.activate)
        self.assertIn("CMH-7.2.2", errors["status"][0])
        self.assertIn("评估", errors["status"][0])
        self.assertEqual(self.status(), PeerStatus.CANDIDATE)
        self.assert_not_audited("peer_supporter.status_changed")

    def test_an_assessment_alone_is_not_enough(self):
        self.assess()
        self.assertEqual(self.status(), PeerStatus.ASSESSED)
        self.assertIn("CMH-7.2.2", self.refusal(self.activate)["status"][0])

    def test_a_training_without_a_passed_assessment_is_not_enough(self):
        self.assess(AssessmentResult.NOT_PASSED)
        self.train()
        self.assertEqual(self.status(), PeerStatus.CANDIDATE)
        self.assertIn("CMH-7.2.2", self.refusal(self.activate)["status"][0])

    def test_assessed_and_trained_they_become_active_and_may_pause_and_end(self):
        self.assess()
        self.train()
        self.assertEqual(self.status(), PeerStatus.TRAINED)
        self.activate()
        supporter = PeerSupporter.objects.get(pk=self.supporter.pk)
        self.assertEqual((supporter.status, supporter.active_since),
                         (PeerStatus.ACTIVE, TODAY()))
        event = self.assert_audited("peer_supporter.status_changed", actor=self.p.wang_fang,
                                    target=supporter, client=self.p.client_a)
        self.assertEqual(event.data, {"from": "trained", "to": "active"})
        for status in (PeerStatus.PAUSED, PeerStatus.ACTIVE, PeerStatus.ENDED):
            actions.do_change_peer_status(supporter, acting_user=self.p.wang_fang,
                                          status=status)
        self.assertEqual(self.status(), PeerStatus.ENDED)
        errors = self.refusal(lambda: actions.do_change_peer_status(
            supporter, acting_user=self.p.wang_fang, status=PeerStatus.ACTIVE))
        self.assertEqual(list(errors), ["status"])

    def test_each_record_is_audited_on_the_client(self):
        self.assess()
        self.train()
        actions.do_record_peer_supervision(self.supporter, acting_user=self.p.wang_fang,
                                           held_on=TODAY(), supervisor=self.p.chen_min)
        for action in ("peer_supporter.registered", "peer_supporter.assessed",
                       "peer_supporter.trained", "peer_supporter.supervised"):
            with self.subTest(action=action):
                self.assert_audited(action, actor=self.p.wang_fang, target=self.supporter,
                                    client=self.p.client_a)


class PeerRecordTests(CaringTestCase):
    def test_assessment_and_supervision_notes_are_encrypted_at_rest(self):
        actions.do_record_peer_assessment(
            self.supporter, acting_user=self.p.wang_fang, assessed_on=TODAY(),
            assessor=self.p.chen_min, result=AssessmentResult.PASSED, notes="病情稳定两年")
        actions.do_record_peer_supervision(self.supporter, acting_user=self.p.wang_fang,
                                           held_on=TODAY(), supervisor=self.p.chen_min,
                                           notes="陪伴新康复者")
        with connection.cursor() as cursor:
            cursor.execute("SELECT notes FROM caring_peerassessment")
            (assessment,) = cursor.fetchone()
            cursor.execute("SELECT notes FROM caring_peersupervision")
            (supervision,) = cursor.fetchone()
        self.assertNotIn("病情", assessment)
        self.assertNotIn("康复者", supervision)
        self.assertEqual(self.supporter.supervisions.get().notes, "陪伴新康复者")

    def test_it_names_the_field_of_each_invalid_value(self):
        add = actions.do_record_peer_training
        self.assertEqual(list(self.refusal(lambda: add(
            self.supporter, acting_user=self.p.wang_fang, trained_on=TODAY(), topic="",
            hours=Decimal("2")))), ["topic"])
        self.assertEqual(list(self.refusal(lambda: add(
            self.supporter, acting_user=self.p.wang_fang, topic="x", hours=Decimal("2"),
            trained_on=TODAY() + datetime.timedelta(days=1)))), ["trained_on"])
        self.assertEqual(list(self.refusal(lambda: actions.do_record_peer_assessment(
            self.supporter, acting_user=self.p.wang_fang, assessed_on=TODAY(),
            assessor=self.p.zhao_lei, result=AssessmentResult.PASSED))), ["assessor"])
        self.assertEqual(self.supporter.trainings.count(), 0)

    def test_the_person_supported_is_a_client_the_user_follows_not_the_supporter(self):
        supervise = actions.do_record_peer_supervision
        for client in (self.p.client_a2, self.p.client_b, self.p.client_a):
            with self.subTest(client=client.name):
                errors = self.refusal(lambda c=client: supervise(
                    self.supporter, acting_user=self.p.wang_fang, held_on=TODAY(),
                    supervisor=self.p.chen_min, supported_client=c))
                self.assertEqual(list(errors), ["supported_client"])

    def test_a_client_is_on_the_register_once_and_only_if_the_user_follows_them(self):
        self.assertEqual(list(self.refusal(lambda: actions.do_register_peer_supporter(
            self.p.client_a, acting_user=self.p.chen_min))), ["client"])
        self.assertEqual(list(self.refusal(lambda: actions.do_register_peer_supporter(
            self.p.client_a2, acting_user=self.p.wang_fang))), ["client"])

    def test_only_the_register_keepers_change_it_and_others_do_not_see_it(self):
        for user in (self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                actions.do_record_peer_training(self.supporter, acting_user=user,
                                                trained_on=TODAY(), topic="x", hours=1)
        for user in (self.p.li_qiang, self.p.zhao_lei):
            with self.subTest(user=user.username), self.assertRaises(NotVisible):
                actions.do_record_peer_training(self.supporter, acting_user=user,
                                                trained_on=TODAY(), topic="x", hours=1)

    def test_visibility_follows_the_client(self):
        visible = {name: PeerSupporter.objects.visible_to(user).exists()
                   for name, user in self.p.all_users().items()}
        self.assertEqual(visible, {"wang_fang": True, "li_qiang": False, "chen_min": True,
                                   "admin_a": True, "archivist_a": True, "quality_a": True,
                                   "zhao_lei": False, "viewer": False})
