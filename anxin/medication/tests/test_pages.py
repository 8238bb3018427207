"""The medication pages seen from outside: who may open and post to each (every persona),
another organisation's client a 404, organisations without the record a 403, the day sheet's
buttons, a refused dose that saves nothing, the menu, and pages whose query count does not grow
with their rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.accounts.choices import OrganizationKind
from anxin.accounts.context_processors import _rehab_links
from anxin.audit.models import AuditEvent
from anxin.medication import actions, menu
from anxin.medication.models import Administration, Prescription, scheduled_at
from anxin.workspace.testing.personas import make_client

from .helpers import DAY, TODAY, MedicationTestCase, at_noon, set_kind

# Who sees client_a: her worker, his supervisor, and the organisation-wide readers.
READERS = {"wang_fang", "chen_min", "admin_a", "archivist_a", "quality_a"}
RECORDERS = {"wang_fang", "chen_min"}


class PagePermissionMatrixTest(MedicationTestCase):
    def pages(self) -> dict[str, str]:
        client = self.p.client_a.pk
        return {
            "index": reverse("medication:index"), "today": reverse("medication:today"),
            "client": reverse("medication:client", args=[client]),
            "prescription_add": reverse("medication:prescription_add", args=[client]),
            "prescription_end": reverse("medication:prescription_end",
                                        args=[client, self.rx.pk]),
        }

    def expected(self, name: str, page: str) -> int:
        if name == "viewer":
            return 403
        if page in ("index", "today"):
            # Lists of one's own organisation: 李强 and 赵磊 see their own (empty) lists.
            return 200
        write = page.startswith("prescription_")
        if write and name in {"admin_a", "archivist_a", "quality_a"}:
            return 403
        allowed = RECORDERS if write else READERS
        return 200 if name in allowed else 404

    def test_every_page_answers_each_role_as_its_capabilities_say(self):
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for page, url in self.pages().items():
                with self.subTest(user=name, page=page):
                    self.assertEqual(self.client.get(url).status_code,
                                     self.expected(name, page))

    def test_every_form_refuses_those_who_may_not_and_changes_nothing(self):
        client = self.p.client_a.pk
        posts = {
            reverse("medication:prescription_add", args=[client]): {
                "drug": "奥氮平片", "dose": "5 mg", "times": "21:00",
                "started_on": TODAY().isoformat()},
            reverse("medication:prescription_end", args=[client, self.rx.pk]): {
                "ended_on": TODAY().isoformat()},
            reverse("medication:dose_record", args=[client]): {
                "prescription": self.rx.pk, "outcome": "given",
                "scheduled_for": scheduled_at(TODAY() - 2 * DAY, "08:00").isoformat()},
        }
        before = (Prescription.objects.count(), Administration.objects.count())
        for name, user in self.p.all_users().items():
            if name in RECORDERS:
                continue
            self.client.force_login(user)
            for url, data in posts.items():
                with self.subTest(user=name, url=url):
                    status = self.client.post(url, data).status_code
                    self.assertEqual(status, 404 if name in {"li_qiang", "zhao_lei"} else 403)
        self.assertEqual((Prescription.objects.count(), Administration.objects.count()), before)
        self.assertIsNone(Prescription.objects.get(pk=self.rx.pk).ended_on)

    def test_an_organisation_without_the_record_gets_403_before_any_lookup(self):
        set_kind(self.p, self.p.org_a, OrganizationKind.COMMUNITY_STATION)
        self.client.force_login(self.p.wang_fang)
        for page, url in self.pages().items():
            with self.subTest(page=page):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_day_centre_keeps_prescriptions_without_the_day_sheet(self):
        set_kind(self.p, self.p.org_a, OrganizationKind.REHAB_DAY)
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(reverse("medication:client", args=[self.p.client_a.pk]))
        self.assertContains(page, "利培酮片")
        self.assertNotContains(page, 'id="day-sheet"')
        self.assertEqual(self.client.get(reverse("medication:today")).status_code, 403)


class ClientPageTest(MedicationTestCase):
    def setUp(self):
        self.client.force_login(self.p.wang_fang)
        self.url = reverse("medication:client", args=[self.p.client_a.pk])

    def test_it_shows_prescriptions_day_sheet_and_adherence_in_chinese(self):
        with at_noon():
            page = self.client.get(self.url)
        self.assertContains(page, "利培酮片")
        self.assertContains(page, "成都市第四人民医院")
        self.assertContains(page, "当前处方")
        # 08:00 is due and not recorded: its buttons; 20:00 is not due yet.
        self.assertContains(page, "未记录")
        self.assertContains(page, "尚未到时")
        self.assertContains(page, 'value="refused"')
        self.assertContains(page, "近 7 天")
        self.assertContains(page, "50.0%")
        self.assert_audited("medication.viewed", actor=self.p.wang_fang,
                            target=self.p.client_a, client=self.p.client_a)

    def test_a_reader_sees_no_buttons(self):
        self.client.force_login(self.p.archivist_a)
        with at_noon():
            page = self.client.get(self.url)
        self.assertContains(page, "利培酮片")
        self.assertNotContains(page, 'value="given"')
        self.assertNotContains(page, 'id="prescription-add"')

    def test_the_buttons_record_a_dose_and_a_refusal_without_a_note_saves_nothing(self):
        post = reverse("medication:dose_record", args=[self.p.client_a.pk])
        eight = scheduled_at(TODAY(), "08:00")
        data = {"prescription": self.rx.pk, "scheduled_for": eight.isoformat(),
                "outcome": "refused", "note": ""}
        with at_noon():
            page = self.client.post(post, data)
            self.assertContains(page, "原因")
            self.assertContains(page, "id=\"dose-errors\"")
            self.assertFalse(Administration.objects.filter(scheduled_for=eight).exists())
            response = self.client.post(post, data | {"note": "拒绝服药，已联系家属"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(Administration.objects.get(scheduled_for=eight).outcome, "refused")

    def test_a_dose_of_another_clients_prescription_is_a_404(self):
        rx = actions.do_add_prescription(self.p.client_a2, acting_user=self.p.li_qiang,
                                         drug="奥氮平片", dose="5 mg", times=["08:00"],
                                         started_on=TODAY() - DAY)
        response = self.client.post(
            reverse("medication:dose_record", args=[self.p.client_a.pk]),
            {"prescription": rx.pk, "outcome": "given",
             "scheduled_for": scheduled_at(TODAY() - DAY, "08:00").isoformat()})
        self.assertEqual(response.status_code, 404)

    def test_the_forms_add_and_end_a_prescription(self):
        add = reverse("medication:prescription_add", args=[self.p.client_a.pk])
        self.assertContains(self.client.get(add), "添加处方")
        bad = self.client.post(add, {"drug": "奥氮平片", "dose": "5 mg", "times": "25:00",
                                     "started_on": TODAY().isoformat()})
        self.assertContains(bad, "HH:MM")
        response = self.client.post(add, {"drug": "奥氮平片", "dose": "5 mg",
                                          "times": "8:00，21:00",
                                          "started_on": TODAY().isoformat()})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        rx = Prescription.objects.exclude(pk=self.rx.pk).get()
        self.assertEqual(rx.times, ["08:00", "21:00"])
        end = reverse("medication:prescription_end", args=[self.p.client_a.pk, rx.pk])
        response = self.client.post(end, {"ended_on": TODAY().isoformat()})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(Prescription.objects.get(pk=rx.pk).ended_on, TODAY())


class TodayPageTest(MedicationTestCase):
    def test_it_lists_each_resident_and_the_unrecorded_doses(self):
        self.client.force_login(self.p.admin_a)
        with at_noon():
            page = self.client.get(reverse("medication:today"))
        self.assertContains(page, "张伟")
        self.assertContains(page, "1 次已过时间的服药未记录")
        # An organisation-wide reader sees the doses but has no buttons.
        self.assertNotContains(page, 'value="given"')

    def test_a_worker_records_from_it_and_comes_back_to_it(self):
        self.client.force_login(self.p.wang_fang)
        with at_noon():
            response = self.client.post(
                reverse("medication:dose_record", args=[self.p.client_a.pk]),
                {"prescription": self.rx.pk, "outcome": "given", "next": "today",
                 "scheduled_for": scheduled_at(TODAY(), "08:00").isoformat()})
            self.assertRedirects(response, reverse("medication:today"),
                                 fetch_redirect_response=False)
            page = self.client.get(reverse("medication:today"))
        self.assertContains(page, "到时服药已全部记录")


class MenuTest(MedicationTestCase):
    def test_it_offers_the_pages_to_those_who_record_at_a_centre(self):
        today = reverse("medication:today")
        self.assertIn(today, dict(menu.links(self.p.wang_fang)))
        self.assertIn(today, dict(_rehab_links(self.p.chen_min)))
        for user in (self.p.admin_a, self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username):
                self.assertEqual(menu.links(user), [])
        set_kind(self.p, self.p.org_a, OrganizationKind.REHAB_DAY)
        self.assertEqual(dict(menu.links(self.p.wang_fang)),
                         {reverse("medication:index"): "服药记录"})
        set_kind(self.p, self.p.org_a, OrganizationKind.COMMUNITY_STATION)
        self.assertEqual(menu.links(self.p.wang_fang), [])


class QueryCountTest(MedicationTestCase):
    def queries(self, url) -> int:
        self.client.get(url)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_the_pages_cost_the_same_with_more_rows(self):
        self.client.force_login(self.p.admin_a)
        urls = [reverse("medication:today"), reverse("medication:index"),
                reverse("medication:client", args=[self.p.client_a.pk])]
        with at_noon():
            before = [self.queries(url) for url in urls]
            for number in range(3):
                client = make_client(self.p.org_a, self.p.wang_fang, name=f"住户{number}",
                                     sequence=300 + number)
                for drug in ("利培酮片", "奥氮平片"):
                    rx = actions.do_add_prescription(
                        client, acting_user=self.p.wang_fang, drug=drug, dose="1 片",
                        times=["08:00", "20:00"], started_on=TODAY() - 3 * DAY)
                    actions.do_record_administration(
                        rx, acting_user=self.p.wang_fang,
                        scheduled_for=scheduled_at(TODAY(), "08:00"), outcome="given")
                extra = actions.do_add_prescription(
                    self.p.client_a, acting_user=self.p.wang_fang, drug=f"药{number}",
                    dose="1 片", times=["12:00"], started_on=TODAY() - DAY)
                actions.do_record_administration(
                    extra, acting_user=self.p.wang_fang,
                    scheduled_for=scheduled_at(TODAY() - DAY, "12:00"), outcome="missed",
                    note="外出")
            after = [self.queries(url) for url in urls]
        self.assertEqual(before, after)
        self.assertGreater(AuditEvent.objects.filter(action="medication.viewed").count(), 0)
