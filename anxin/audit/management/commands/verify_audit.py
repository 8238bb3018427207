from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anxin.audit import chain
from anxin.audit.models import AuditEvent


class Command(BaseCommand):
    """Walk the audit trail's hash chain and name the first broken link (exit status 1)."""

    help = ("Check that no audit event was altered or deleted: recompute each event's seal in "
            "id order. Exits with status 1 at the first broken link.")

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=2000,
                            help="Events read from the database at a time.")

    def handle(self, *args, chunk_size: int, **options):
        for outcome in chain.walk(AuditEvent.objects, chunk_size=chunk_size):
            if isinstance(outcome, chain.Intact):
                self.stdout.write(self.style.SUCCESS(
                    _("The audit chain is intact: %(count)s events, the last #%(last)s, head "
                      "%(head)s.") % {"count": outcome.count, "last": outcome.last_id or "-",
                                      "head": outcome.head or "-"}))
                return
            if outcome.kind == "altered":
                message = _("Audit event #%(id)s was altered: its seal does not match its "
                            "content (%(checked)s events before it are intact).")
            else:
                message = _("Audit events were deleted before #%(id)s: its link does not match "
                            "the event before it (%(checked)s events before it are intact).")
            raise CommandError(message % {"id": outcome.event_id, "checked": outcome.checked},
                               returncode=1)
