"""Query parameters of the client list; the filtering itself is in the selectors, as for the UI."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from anxin.clients.choices import PopulationCategory, Sex
from anxin.clients.models import Client
from anxin.clients.selectors import filter_by_category, search_clients


class ClientFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_search", label=_("Search"),
        help_text=_("Part of the name, a file number, or an exact ID number or phone."))
    population_category = filters.ChoiceFilter(
        method="filter_population_category", choices=PopulationCategory.choices,
        label=_("Population category"))
    sex = filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))

    class Meta:
        model = Client
        fields = ["q", "population_category", "sex"]

    def filter_search(self, queryset, name, value):
        return search_clients(queryset, value)

    def filter_population_category(self, queryset, name, value):
        return filter_by_category(queryset, value)
