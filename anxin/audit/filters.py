import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from anxin.core.forms import style_widgets

from .labels import action_choices
from .models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=())
    actor = django_filters.CharFilter(field_name="actor_label", label=_("User"),
                                      lookup_expr="iexact")
    client = django_filters.CharFilter(field_name="client__file_number",
                                       label=_("Client file number"), lookup_expr="iexact")
    since = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__gte",
                                      label=_("From"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__lte",
                                      label=_("To"),
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "client", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per request, not at import: every app has registered its labels by then, and
        # they sort in the reader's language.
        self.filters["action"].extra["choices"] = action_choices()

    @property
    def form(self):
        form = super().form
        style_widgets(form)
        return form
