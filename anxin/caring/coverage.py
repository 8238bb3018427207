"""The share of a district's streets that have a caring team (REH-6.4.1.6: 80 % or more).

Aggregates only: a district's streets, those with an active team, the share and whether it meets
the threshold of `rules.STREET_COVERAGE`. No client, member or minute is read, so the result may
be shown to a regional viewer. For an organisation's own page only its own teams count:
organisation isolation is absolute, and a team is another organisation's data.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q

from anxin.accounts.choices import RegionLevel
from anxin.accounts.models import Region

from .models import CaringTeam
from .rules import STREET_COVERAGE, Threshold


@dataclass(frozen=True)
class DistrictCoverage:
    district: Region
    streets: tuple[Region, ...]
    covered: tuple[Region, ...]
    threshold: Threshold = STREET_COVERAGE

    @property
    def street_count(self) -> int:
        return len(self.streets)

    @property
    def covered_count(self) -> int:
        return len(self.covered)

    @property
    def uncovered(self) -> tuple[Region, ...]:
        covered = {street.pk for street in self.covered}
        return tuple(street for street in self.streets if street.pk not in covered)

    @property
    def share(self) -> Fraction | None:
        """None for a district without a street on record: no share to judge."""
        return Fraction(self.covered_count, self.street_count) if self.streets else None

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else round(float(share) * 100, 1)

    @property
    def meets(self) -> bool:
        return self.threshold.met_by(self.share)


def coverage_of(districts, *, organization=None) -> list[DistrictCoverage]:
    """The coverage of each district, in two queries however many there are: their streets,
    and the streets among them with an active team (of `organization` only, when given)."""
    districts = list(districts)
    streets = list(Region.objects.filter(parent__in=districts, level=RegionLevel.STREET)
                   .order_by("code"))
    teams = CaringTeam.objects.active().filter(street__in=[s.pk for s in streets])
    if organization is not None:
        teams = teams.filter(organization=organization)
    covered = set(teams.order_by().values_list("street_id", flat=True).distinct())
    result = []
    for district in districts:
        own = tuple(s for s in streets if s.parent_id == district.pk)
        result.append(DistrictCoverage(district=district, streets=own,
                                       covered=tuple(s for s in own if s.pk in covered)))
    return result


def district_coverage(district: Region, *, organization=None) -> DistrictCoverage:
    """The coverage of one district (see `coverage_of`)."""
    return coverage_of([district], organization=organization)[0]


def districts_of_organization(organization) -> list[Region]:
    """The organisation's own district and every district it has a caring team in."""
    team_districts = (CaringTeam.objects.filter(organization=organization)
                      .values("street__parent_id"))
    return list(Region.objects.filter(Q(pk=organization.district_id) | Q(pk__in=team_districts),
                                      level=RegionLevel.DISTRICT).order_by("code"))


def districts_in_region(region: Region | None) -> list[Region]:
    """The districts inside a regional viewer's region: the region itself if a district, its
    districts if a city, its cities' districts if a province."""
    if region is None:
        return []
    return list(Region.objects.filter(
        Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region),
        level=RegionLevel.DISTRICT).order_by("code"))
