"""Query parameters of the case list."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from anxin.core.ids import IdField

from ..models import Case
from ..workflow.pathways import PATHWAYS


def stage_choices() -> list[tuple[str, object]]:
    """Every pathway's stages, each code once."""
    choices: dict[str, object] = {}
    for pathway in PATHWAYS.values():
        for stage in pathway.stages:
            choices.setdefault(stage.code, stage.label)
    return list(choices.items())


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A whole number: an id, not a decimal, and one the database can hold (a larger one was a
    server error on SQLite)."""

    field_class = IdField


class CaseFilter(filters.FilterSet):
    stage = filters.ChoiceFilter(choices=stage_choices, label=_("Stage"))
    worker = IdFilter(
        field_name="worker_id", label=_("Responsible worker"),
        help_text=_("The user id of the responsible worker."))
    overdue = filters.BooleanFilter(
        method="filter_overdue", label=_("Overdue"),
        help_text=_("true: only cases whose stage deadline has passed; false: the others."))

    class Meta:
        model = Case
        fields = ["stage", "worker", "overdue"]

    def filter_overdue(self, queryset, name, value):
        # A case has a due date only while its stage has a deadline (deadlines.refresh_due_on).
        late = {"due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)
