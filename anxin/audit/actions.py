"""Writing the audit trail. Every action calls `record` inside its own transaction."""

from typing import Any

from django.db import models

from anxin.core import request_context

from .models import AuditEvent


def record(
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    organization=None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    client=None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; IP and request id come from the request being served, if any.

    `target_type` and `target_id` name a target that cannot be handed over as a model instance
    (one already deleted, say); `target` wins when both are given."""
    context = request_context.current()
    organization_id = organization.pk if organization is not None else None
    if actor is not None and organization is None:
        # The id alone: loading the organisation would cost every audited view a query.
        membership = actor.membership
        organization_id = membership.organization_id if membership else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.get_username() if actor is not None else ""),
        organization_id=organization_id,
        target_type=target._meta.label_lower if target is not None else target_type,
        target_id=str(target.pk) if target is not None else str(target_id),
        client=client,
        ip=context.ip if context else None,
        request_id=context.request_id if context else "",
        reason=reason,
        data=data or {},
    )
