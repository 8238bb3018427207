"""What cases tell the apps above them, which it may not import."""

from django.dispatch import Signal

# Sent inside the reassignment's transaction with `case` (already saved with its new worker and
# supervisor), `previous_worker`, `previous_supervisor` and `acting_user`: whatever is addressed
# to a case's team (its open crisis alerts) follows the case.
case_reassigned = Signal()
