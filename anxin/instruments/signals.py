"""Sent inside the transaction that stores a response, so what listens (the crisis-alert rules in
`safety`) commits or rolls back with it. Instruments sit below safety and cannot call it."""

from django.dispatch import Signal

# kwargs: response (InstrumentResponse), acting_user (User or None)
response_recorded = Signal()
