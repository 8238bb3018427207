import datetime

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import style_widgets
from anxin.core.widgets import QuickSelect

from .labels import action_choices
from .models import AuditEvent


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` where the reader is (the project's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditEventFilter(django_filters.FilterSet):
    """Every filter is a plain comparison an index of the trail serves (organisation + the
    filtered column + time): a date taken of `occurred_at` or an upper-cased name could not use
    one, and the trail is the largest table there is."""

    action = django_filters.ChoiceFilter(label=_("Action"), choices=(), widget=QuickSelect)
    actor = django_filters.CharFilter(field_name="actor_label", label=_("User"))
    client = django_filters.CharFilter(label=_("Client file number"), method="by_client")
    since = django_filters.DateFilter(label=_("From"), method="from_day",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("To"), method="to_day",
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "client", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per request, not at import: every app has registered its labels by then, and
        # they sort in the reader's language.
        self.filters["action"].extra["choices"] = action_choices()

    def by_client(self, queryset, name, value):
        # File numbers are stored upper-case; the client is found by the organisation's
        # unique (organisation, file number) index, then its events by (client, time).
        return queryset.filter(client__file_number=value.strip().upper(),
                               client__organization_id=F("organization_id"))

    def from_day(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=start_of_day(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    @property
    def form(self):
        form = super().form
        style_widgets(form)
        return form
