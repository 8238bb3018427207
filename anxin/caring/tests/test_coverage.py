"""REH-6.4.1.6 "80%以上街道（乡镇）组建有关爱帮扶团队": the share of a district's streets with an
active team, judged against the threshold row that cites the clause. 南山区 has five streets in
the bundled regions: four of five (80 %) meets, three of five (60 %) does not."""

from fractions import Fraction

from anxin.caring import actions, coverage, rules

from .helpers import TODAY, CaringTestCase, street

NANSHAN = ("440305001", "440305002", "440305003", "440305004", "440305005")


class CoverageTests(CaringTestCase):
    def teams(self, codes, user=None):
        return [actions.do_create_team(acting_user=user or self.p.zhao_lei, name=f"团队{code}",
                                       street=street(code), formed_on=TODAY())
                for code in codes]

    def test_the_threshold_is_a_row_citing_the_clause(self):
        row = rules.INDICATORS["caring_team_street_coverage"]
        self.assertEqual((row.minimum, row.clause, row.percent),
                         (Fraction(4, 5), "REH-6.4.1.6", 80))

    def test_four_of_five_streets_meet_it(self):
        self.teams(NANSHAN[:4])
        result = coverage.district_coverage(street("440305"))
        self.assertEqual((result.covered_count, result.street_count), (4, 5))
        self.assertEqual(result.share, Fraction(4, 5))
        self.assertEqual(result.percent, 80.0)
        self.assertTrue(result.meets)
        self.assertEqual([s.code for s in result.uncovered], ["440305005"])

    def test_three_of_five_streets_do_not(self):
        self.teams(NANSHAN[:3])
        result = coverage.district_coverage(street("440305"))
        self.assertEqual((result.covered_count, result.percent, result.meets), (3, 60.0, False))

    def test_an_inactive_team_does_not_count(self):
        teams = self.teams(NANSHAN[:4])
        actions.do_update_team(teams[0], acting_user=self.p.zhao_lei, name=teams[0].name,
                               street=teams[0].street, formed_on=teams[0].formed_on,
                               active=False)
        self.assertFalse(coverage.district_coverage(street("440305")).meets)

    def test_an_organisation_counts_its_own_teams_a_region_counts_all(self):
        """Chengdu's team in 浆洗街 (the shared setup) plus Shenzhen's in 望江路: the region sees
        two of 武侯区's four streets, each organisation its own one."""
        self.teams(["510107002"])
        wuhou = street("510107")
        self.assertEqual(coverage.district_coverage(wuhou).covered_count, 2)
        self.assertEqual(coverage.district_coverage(wuhou, organization=self.p.org_a)
                         .covered_count, 1)
        self.assertEqual([s.code for s in coverage.district_coverage(
            wuhou, organization=self.p.org_b).covered], ["510107002"])

    def test_a_district_without_streets_has_no_share_and_does_not_meet(self):
        result = coverage.district_coverage(street("510100"))
        self.assertEqual((result.share, result.meets), (None, False))

    def test_the_districts_of_a_region_and_of_an_organisation(self):
        self.assertEqual([d.code for d in coverage.districts_in_region(street("510100"))],
                         ["510104", "510105", "510107"])
        self.assertEqual([d.code for d in coverage.districts_in_region(street("510000"))],
                         ["510104", "510105", "510107"])
        self.teams(["510104001"], user=self.p.wang_fang)
        self.assertEqual([d.code for d in coverage.districts_of_organization(self.p.org_a)],
                         ["510104", "510107"])

    def test_it_costs_two_queries_however_many_districts(self):
        districts = coverage.districts_in_region(street("510000"))
        with self.assertNumQueries(2):
            coverage.coverage_of(districts)
