"""Base test classes: personas built once per class, and audit assertions."""

from django.test import TestCase

from anxin.audit.models import AuditEvent

from .personas import Personas, build_personas


class PersonaTestCase(TestCase):
    p: Personas

    @classmethod
    def setUpTestData(cls):
        cls.p = build_personas()

    def assert_audited(self, action: str, *, actor=None, target=None, client=None,
                       actor_label: str | None = None) -> AuditEvent:
        """Exactly the newest event with `action` matches the given actor, target and client."""
        events = AuditEvent.objects.filter(action=action)
        if actor is not None:
            events = events.filter(actor=actor)
        if actor_label is not None:
            events = events.filter(actor_label=actor_label)
        if target is not None:
            events = events.filter(target_type=target._meta.label_lower,
                                   target_id=str(target.pk))
        if client is not None:
            events = events.filter(client=client)
        event = events.first()
        self.assertIsNotNone(
            event, f"no audit event {action!r} for actor={actor} target={target}")
        return event

    def assert_not_audited(self, action: str) -> None:
        self.assertFalse(AuditEvent.objects.filter(action=action).exists(),
                         f"unexpected audit event {action!r}")
