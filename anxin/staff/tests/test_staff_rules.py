"""The staffing rules, one class per clause, each built from the figures the standard publishes:
CMH-9.1, CMH-9.2, REH-4.4.1, REH-4.4.2, REH-5.6.1, MSW-9.1.1.1, MSW-9.1.1.2 (who is counted),
MSW-9.1.2, CHR-5.1.1 and CHR-5.1.2."""

import datetime
import importlib
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from anxin.accounts.choices import HospitalGrade, OrganizationKind, Role
from anxin.accounts.models import Membership, Organization, Region
from anxin.staff import actions, compliance
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_user

# A day of the year the findings are read on, and one earlier in that year and the year before.
TODAY = datetime.date(2026, 11, 30)
THIS_YEAR = datetime.date(2026, 3, 1)
LAST_YEAR = datetime.date(2025, 10, 1)
ISSUED = datetime.date(2020, 1, 1)


def make_org(kind: str, code: str, **extra) -> Organization:
    region = Region.objects.get
    return Organization.objects.create(
        name=f"成都市{code}机构", code=code, kind=kind, province=region(code="510000"),
        city=region(code="510100"), district=region(code="510107"), **extra)


class StaffRuleTestCase(PersonaTestCase):
    """Helpers: record through the actions, read the findings `compliance` gives."""

    def qualify(self, member, *kinds, title=""):
        for kind in kinds:
            actions.do_add_qualification(member, acting_user=self.admin_of(member), kind=kind,
                                         issued_on=ISSUED, title=title)

    def train(self, member, *, date=THIS_YEAR, hours=Decimal(2), topic="专业培训",
              chr_topic=""):
        actions.do_add_training(member, acting_user=self.admin_of(member), date=date,
                                hours=hours, topic=topic, chr_topic=chr_topic)

    def record(self, member, **fields):
        actions.do_update_staff_record(member, acting_user=self.admin_of(member), **fields)

    def admin_of(self, member):
        organization = Membership.objects.get(user=member).organization
        return Membership.objects.filter(organization=organization, role=Role.ORG_ADMIN,
                                         is_active=True).first().user

    def status(self, member, *, today=TODAY):
        organization = Membership.objects.get(user=member).organization
        return next(iter(compliance.member_statuses(organization, today=today, member=member)))

    def clauses(self, member, *, today=TODAY):
        return [f.clause for f in self.status(member, today=today).findings]

    def texts(self, member, clause, *, today=TODAY):
        return [str(f.text) for f in self.status(member, today=today).findings
                if f.clause == clause]


class CMH91QualificationTest(StaffRuleTestCase):
    """CMH-9.1: 宜获得社会工作者职业资格证书或具备社会工作专业专科及以上学历 — a social-work
    qualification, or a social-work diploma of junior college (专科) or above. Each member here
    has done the year's 120 hours, so any CMH-9.1 finding left is the qualification's."""

    def setUp(self):
        self.member = self.p.li_qiang
        self.train(self.member, hours=Decimal(120))

    def test_a_member_with_neither_a_qualification_nor_a_diploma_is_flagged(self):
        self.assertEqual(len(self.texts(self.member, "CMH-9.1")), 1)
        self.assertNotEqual(self.status(self.member).findings, [])

    def test_a_national_social_work_qualification_suffices(self):
        self.qualify(self.member, "assistant_social_worker")
        self.assertEqual(self.status(self.member).findings, [])

    def test_a_social_work_diploma_of_junior_college_or_above_suffices(self):
        for level, major in (("junior_college", "社会工作"), ("bachelor", "Social Work"),
                             ("master", "社会工作硕士")):
            with self.subTest(level=level, major=major):
                self.record(self.member, education_level=level, major=major)
                self.assertEqual(self.status(self.member).findings, [])

    def test_a_diploma_below_junior_college_or_in_another_subject_is_not_enough(self):
        for level, major in (("high_school", "社会工作"), ("junior_high_or_below", "社会工作"),
                             ("bachelor", "会计学"), ("", "社会工作")):
            with self.subTest(level=level, major=major):
                self.record(self.member, education_level=level, major=major)
                self.assertEqual(len(self.texts(self.member, "CMH-9.1")), 1)

    def test_another_certificate_is_not_a_social_work_qualification(self):
        self.qualify(self.member, "psychological_counsellor")
        self.assertEqual(len(self.texts(self.member, "CMH-9.1")), 1)


class CMH92SupervisorTest(StaffRuleTestCase):
    """CMH-9.2: 从事社会工作服务满五年以上(含五年)并取得社会工作师资格 — five years or more,
    five included, and the 社会工作师 (intermediate) qualification or above."""

    def findings(self, member, today):
        return [(f.clause, str(f.text)) for f in self.status(member, today=today)
                .supervisor_findings]

    def test_exactly_five_years_is_enough_and_a_day_short_is_not(self):
        member = self.p.li_qiang
        self.qualify(member, "social_worker")
        self.record(member, in_field_since=datetime.date(2021, 6, 15))
        self.assertEqual(self.findings(member, datetime.date(2026, 6, 15)), [])
        self.assertTrue(self.status(member, today=datetime.date(2026, 6, 15))
                        .supervisor_eligible)
        short = self.findings(member, datetime.date(2026, 6, 14))
        self.assertEqual([clause for clause, _ in short], ["CMH-9.2"])
        self.assertFalse(self.status(member, today=datetime.date(2026, 6, 14))
                         .supervisor_eligible)

    def test_no_start_date_is_not_five_years(self):
        member = self.p.li_qiang
        self.qualify(member, "senior_social_worker")
        self.assertEqual([c for c, _ in self.findings(member, TODAY)], ["CMH-9.2"])

    def test_an_assistant_qualification_is_not_enough_a_social_worker_or_senior_one_is(self):
        member = self.p.li_qiang
        self.record(member, in_field_since=datetime.date(2015, 1, 1))
        self.qualify(member, "assistant_social_worker", "supervisor_certificate")
        self.assertEqual([c for c, _ in self.findings(member, TODAY)], ["CMH-9.2"])
        self.qualify(member, "senior_social_worker")
        self.assertEqual(self.findings(member, TODAY), [])

    def test_a_supervisor_who_does_not_meet_it_has_the_finding_among_their_own(self):
        self.assertIn("CMH-9.2", self.clauses(self.p.chen_min))
        self.assertNotIn("CMH-9.2", self.clauses(self.p.wang_fang))


class REH441ManagerEducationTest(StaffRuleTestCase):
    """REH-4.4.1: 机构管理者应具有高中及以上文化程度 — a rehabilitation centre's manager (the
    organisation's admin) has a high-school education or above. Only the education is checked."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.day_centre = make_org(OrganizationKind.REHAB_DAY, "KFRJ")
        cls.manager = make_user("kf_admin", "何静", role=Role.ORG_ADMIN,
                                organization=cls.day_centre)
        cls.worker = make_user("kf_worker", "罗兵", role=Role.WORKER,
                               organization=cls.day_centre)

    def test_the_manager_needs_high_school_or_above(self):
        for level, flagged in (("", True), ("junior_high_or_below", True),
                               ("high_school", False), ("junior_college", False),
                               ("bachelor", False), ("doctorate", False)):
            with self.subTest(level=level):
                self.record(self.manager, education_level=level)
                self.assertEqual("REH-4.4.1" in self.clauses(self.manager), flagged)

    def test_it_applies_to_the_manager_of_a_rehabilitation_centre_only(self):
        self.record(self.worker, education_level="junior_high_or_below")
        self.assertNotIn("REH-4.4.1", self.clauses(self.worker))
        self.record(self.p.admin_a, education_level="junior_high_or_below")
        self.assertEqual(self.clauses(self.p.admin_a), [])
        residential = make_org(OrganizationKind.REHAB_RESIDENTIAL, "KFQR")
        manager = make_user("kfqr_admin", "唐亮", role=Role.ORG_ADMIN, organization=residential)
        self.assertEqual(self.clauses(manager), ["REH-4.4.1"])

    def test_the_compliance_page_shows_the_rule_and_the_manager_who_falls_short(self):
        self.record(self.manager, education_level="junior_high_or_below")
        self.client.force_login(self.manager)
        response = self.client.get(reverse("staff:compliance"))
        self.assertEqual(response.status_code, 200)
        manager_row = next(s for s in response.context["gaps"] if s.member == self.manager)
        self.assertEqual([f.clause for f in manager_row.findings], ["REH-4.4.1"])
        self.assertIn("REH-4.4.1", [r.clause for r in response.context["qualification_rules"]])
        self.assertContains(response, "REH-4.4.1")

    def test_the_migration_no_longer_reads_high_school_or_below_as_high_school(self):
        """The old lowest choice, "high school or below", cannot say whether high school was
        reached; it becomes "not recorded" rather than passing REH-4.4.1 unproven."""
        migration = importlib.import_module(
            "anxin.accounts.migrations.0005_split_education_below_high_school")
        Membership.objects.filter(user=self.manager).update(education_level="high_school")
        Membership.objects.filter(user=self.worker).update(education_level="bachelor")
        migration.forwards(apps, None)
        self.assertEqual(Membership.objects.get(user=self.manager).education_level, "")
        self.assertEqual(Membership.objects.get(user=self.worker).education_level, "bachelor")
        self.assertIn("REH-4.4.1", self.clauses(self.manager))


class REH442QualificationTest(StaffRuleTestCase):
    """REH-4.4.2: 专业技术人员应持有与其岗位相适应的专业资格证书（培训合格证书） — professional
    staff of a rehabilitation centre hold a qualification (or training certificate) for their
    post. Whether it suits the post is the admin's judgement, so any recorded one counts."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.centres = []
        for kind, code in ((OrganizationKind.REHAB_DAY, "KFRJ"),
                           (OrganizationKind.REHAB_RESIDENTIAL, "KFQR")):
            centre = make_org(kind, code)
            make_user(f"{code}_admin", "何静", role=Role.ORG_ADMIN, organization=centre)
            cls.centres.append(make_user(f"{code}_nurse", "罗兵", role=Role.WORKER,
                                         organization=centre))

    def test_a_member_without_a_qualification_is_flagged(self):
        for member in self.centres:
            with self.subTest(member=member.username):
                self.assertIn("REH-4.4.2", self.clauses(member))

    def test_a_professional_qualification_or_a_training_certificate_suffices(self):
        nurse, other = self.centres
        self.qualify(nurse, "psychiatric_nurse")
        self.assertNotIn("REH-4.4.2", self.clauses(nurse))
        self.qualify(other, "other", title="精神康复培训合格证书")
        self.assertNotIn("REH-4.4.2", self.clauses(other))

    def test_it_is_not_asked_of_a_community_station(self):
        self.assertNotIn("REH-4.4.2", self.clauses(self.p.li_qiang))


class REH561TrainingTest(StaffRuleTestCase):
    """REH-5.6.1: 专业服务团队核心成员……每年接受专业教育培训至少1次 — each member of a
    rehabilitation centre's core team is trained at least once a year."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        centre = make_org(OrganizationKind.REHAB_DAY, "KFRJ")
        make_user("kf_admin", "何静", role=Role.ORG_ADMIN, organization=centre)
        cls.member = make_user("kf_worker", "罗兵", role=Role.WORKER, organization=centre)
        cls.supervisor = make_user("kf_super", "唐亮", role=Role.SUPERVISOR,
                                   organization=centre)

    def test_no_training_this_year_is_a_finding(self):
        for member in (self.member, self.supervisor):
            with self.subTest(member=member.username):
                self.assertIn("REH-5.6.1", self.clauses(member))

    def test_last_years_training_does_not_count_for_this_year(self):
        self.train(self.member, date=LAST_YEAR, hours=Decimal(40))
        self.assertIn("REH-5.6.1", self.clauses(self.member))

    def test_one_training_this_year_is_enough(self):
        self.train(self.member, hours=Decimal("1.5"))
        self.assertNotIn("REH-5.6.1", self.clauses(self.member))
        self.assertEqual(self.status(self.member).sessions, 1)


class MSW9111QualificationTest(StaffRuleTestCase):
    """MSW-9.1.1.1: 医务社会工作者应……获得国家颁发的社会工作者职业资格证书 — a hospital's
    medical social worker holds the national social-work qualification."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_user("admin_b", "马丽", role=Role.ORG_ADMIN, organization=cls.p.org_b)

    def test_a_worker_without_it_is_flagged(self):
        self.assertIn("MSW-9.1.1.1", self.clauses(self.p.zhao_lei))
        self.assertIn("MSW-9.1.1.1", self.clauses(self.p.qian_wei))

    def test_other_certificates_are_not_the_national_qualification(self):
        self.qualify(self.p.zhao_lei, "psychological_counsellor", "supervisor_certificate",
                     "psychiatric_nurse")
        self.assertIn("MSW-9.1.1.1", self.clauses(self.p.zhao_lei))

    def test_each_level_of_the_national_qualification_suffices(self):
        for kind, member in (("assistant_social_worker", self.p.zhao_lei),
                             ("senior_social_worker", self.p.qian_wei)):
            with self.subTest(kind=kind):
                self.qualify(member, kind)
                self.assertNotIn("MSW-9.1.1.1", self.clauses(member))


class MSW912SupervisorTest(StaffRuleTestCase):
    """MSW-9.1.2: 医务社会工作督导者应满足医务社会工作者的资质和要求，并获得深圳市社会工作督导者
    资质 — a hospital's supervisor meets the medical social worker's qualification (MSW-9.1.1.1)
    and holds the social-work supervisor certificate. CMH-9.2 (community mental health) does
    not apply to a hospital."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_b = make_user("admin_b", "马丽", role=Role.ORG_ADMIN,
                                organization=cls.p.org_b)

    def supervisor_clauses(self, member):
        return [f.clause for f in self.status(member).supervisor_findings]

    def test_the_qualification_and_the_supervisor_certificate_suffice(self):
        member = self.p.qian_wei
        self.qualify(member, "assistant_social_worker", "supervisor_certificate")
        status = self.status(member)
        self.assertEqual(status.supervisor_findings, [])
        self.assertTrue(status.supervisor_eligible)
        self.assertNotIn("CMH-9.2", [f.clause for f in status.findings])

    def test_without_the_supervisor_certificate_a_member_may_not_supervise(self):
        member = self.p.qian_wei
        self.qualify(member, "senior_social_worker")
        self.record(member, in_field_since=datetime.date(2010, 1, 1))
        self.assertEqual(self.supervisor_clauses(member), ["MSW-9.1.2"])
        self.assertIn("MSW-9.1.2", self.clauses(member))

    def test_without_the_national_qualification_the_certificate_is_not_enough(self):
        member = self.p.qian_wei
        self.qualify(member, "supervisor_certificate")
        self.assertEqual(self.supervisor_clauses(member), ["MSW-9.1.2"])

    def test_making_a_hospital_supervisor_asks_a_reason_only_when_it_is_not_met(self):
        member = self.p.zhao_lei
        with self.assertRaises(ValidationError) as caught:
            actions.do_change_member_role(member, acting_user=self.admin_b,
                                          role=Role.SUPERVISOR, team=None)
        self.assertIn("supervisor_exception_reason", caught.exception.message_dict)
        self.qualify(member, "social_worker", "supervisor_certificate")
        actions.do_change_member_role(member, acting_user=self.admin_b,
                                      role=Role.SUPERVISOR, team=None)
        self.assertEqual(Membership.objects.get(user=member).supervisor_exception_reason, "")


class MSW9112StaffingCountTest(StaffRuleTestCase):
    """MSW-9.1.1.2: 三级甲等综合性医院，每100张病床应配备不少于一名医务社会工作者 — who counts
    towards the ratio: active workers and supervisors holding the national social-work
    qualification (MSW-9.1.1.1), each once."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Organization.objects.filter(pk=cls.p.org_b.pk).update(
            hospital_grade=HospitalGrade.TERTIARY_A)
        cls.p.org_b.refresh_from_db()
        cls.admin_b = make_user("admin_b", "马丽", role=Role.ORG_ADMIN,
                                organization=cls.p.org_b)

    def ratio(self):
        return compliance.staffing_ratio(self.p.org_b)

    def test_a_qualified_worker_and_supervisor_count_once_each(self):
        self.qualify(self.p.zhao_lei, "assistant_social_worker")
        self.qualify(self.p.qian_wei, "social_worker", "senior_social_worker",
                     "supervisor_certificate")
        ratio = self.ratio()
        # 1,200 beds at one per 100: twelve.
        self.assertEqual((ratio.required, ratio.qualified, ratio.met), (12, 2, False))

    def test_members_without_the_national_qualification_do_not_count(self):
        self.qualify(self.p.zhao_lei, "psychological_counsellor", "supervisor_certificate")
        self.qualify(self.admin_b, "social_worker")
        self.assertEqual(self.ratio().qualified, 0)

    def test_an_inactive_member_does_not_count(self):
        self.qualify(self.p.zhao_lei, "social_worker")
        self.assertEqual(self.ratio().qualified, 1)
        actions.do_deactivate_member(self.p.zhao_lei, acting_user=self.admin_b,
                                     hand_over_to=self.p.qian_wei, reason="离职")
        self.assertEqual(self.ratio().qualified, 0)

    def test_twelve_qualified_members_meet_it_for_1200_beds(self):
        self.qualify(self.p.zhao_lei, "social_worker")
        self.qualify(self.p.qian_wei, "social_worker")
        for i in range(10):
            member = make_user(f"msw{i}", f"医务社工{i}", role=Role.WORKER,
                               organization=self.p.org_b)
            self.qualify(member, "assistant_social_worker")
        self.assertTrue(self.ratio().met)


class CHR511QualificationTest(StaffRuleTestCase):
    """CHR-5.1.1: 社会工作专业人员具备以下条件：a) 取得社会工作者或助理社会工作者职业资格证书；
    b) 具备社会工作、社会学、心理学、公共卫生等相关学科的本科及以上学历 — both a) and b). The
    standard applies to medical institutions and social organisations (CHR-1); in a hospital
    a) is MSW-9.1.1.1, the same qualifications."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org = make_org(OrganizationKind.SOCIAL_SERVICE, "SGJG")
        make_user("sg_admin", "何静", role=Role.ORG_ADMIN, organization=cls.org)
        cls.member = make_user("sg_worker", "罗兵", role=Role.WORKER, organization=cls.org)
        make_user("admin_b", "马丽", role=Role.ORG_ADMIN, organization=cls.p.org_b)

    def test_a_member_with_neither_has_two_findings(self):
        self.assertEqual(len(self.texts(self.member, "CHR-5.1.1")), 2)

    def test_the_qualification_and_a_related_bachelors_degree_meet_it(self):
        self.qualify(self.member, "assistant_social_worker")
        for level, major in (("bachelor", "社会工作"), ("bachelor", "社会学"),
                             ("master", "应用心理学"), ("bachelor", "公共卫生管理"),
                             ("doctorate", "Psychology")):
            with self.subTest(level=level, major=major):
                self.record(self.member, education_level=level, major=major)
                self.assertNotIn("CHR-5.1.1", self.clauses(self.member))

    def test_a_qualification_without_the_degree_is_not_enough(self):
        self.qualify(self.member, "social_worker")
        for level, major in (("junior_college", "社会工作"), ("bachelor", "会计学"),
                             ("", "")):
            with self.subTest(level=level, major=major):
                self.record(self.member, education_level=level, major=major)
                self.assertEqual(len(self.texts(self.member, "CHR-5.1.1")), 1)

    def test_the_degree_without_the_qualification_is_not_enough(self):
        self.record(self.member, education_level="master", major="社会工作")
        self.assertEqual(len(self.texts(self.member, "CHR-5.1.1")), 1)

    def test_a_hospitals_worker_needs_the_degree_too(self):
        member = self.p.zhao_lei
        self.qualify(member, "assistant_social_worker")
        self.assertEqual(len(self.texts(member, "CHR-5.1.1")), 1)
        self.record(member, education_level="bachelor", major="社会工作")
        self.assertNotIn("CHR-5.1.1", self.clauses(member))
        self.assertNotIn("MSW-9.1.1.1", self.clauses(member))


class CHR512TrainingTest(StaffRuleTestCase):
    """CHR-5.1.2: 服务前，对社会工作专业人员开展以下专项培训 — the four trainings:
    a) chronic-disease management, b) mental-health assessment tools, c) common interventions,
    d) digital follow-up and health-management systems. Each once, in any year."""

    TOPICS = ("chr_disease", "chr_assessment_tools", "chr_interventions",
              "chr_follow_up_systems")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        org = make_org(OrganizationKind.SOCIAL_SERVICE, "SGJG")
        make_user("sg_admin", "何静", role=Role.ORG_ADMIN, organization=org)
        cls.member = make_user("sg_worker", "罗兵", role=Role.WORKER, organization=org)
        make_user("admin_b", "马丽", role=Role.ORG_ADMIN, organization=cls.p.org_b)

    def test_three_of_the_four_are_not_enough(self):
        for topic in self.TOPICS[:3]:
            self.train(self.member, chr_topic=topic)
        self.train(self.member, chr_topic=self.TOPICS[0], topic="慢病管理（复训）")
        self.train(self.member, topic="其他培训")
        self.assertIn("CHR-5.1.2", self.clauses(self.member))

    def test_all_four_meet_it_whenever_they_were_done(self):
        self.train(self.member, chr_topic=self.TOPICS[0], date=LAST_YEAR)
        for topic in self.TOPICS[1:]:
            self.train(self.member, chr_topic=topic)
        self.assertNotIn("CHR-5.1.2", self.clauses(self.member))

    def test_a_hospitals_social_worker_is_asked_too_a_community_station_is_not(self):
        self.assertIn("CHR-5.1.2", self.clauses(self.p.zhao_lei))
        for topic in self.TOPICS:
            self.train(self.p.zhao_lei, chr_topic=topic)
        self.assertNotIn("CHR-5.1.2", self.clauses(self.p.zhao_lei))
        self.assertNotIn("CHR-5.1.2", self.clauses(self.p.li_qiang))
