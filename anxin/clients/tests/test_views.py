"""Client pages: who may open each one, the registration journey, and bounded queries."""

import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anxin.audit.models import AuditEvent
from anxin.clients import identity
from anxin.clients.models import Client
from anxin.workspace.testing.cases import PersonaTestCase
from anxin.workspace.testing.personas import make_client

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


class PagePermissionMatrixTest(PersonaTestCase):
    """Every persona × every page: 200 where allowed, 403 without the capability, 404 for a
    client they may not see (another organisation's above all)."""

    PAGES = ["home", "list", "create", "detail_a", "detail_a2", "detail_b", "edit_a",
             "edit_b", "export", "audit", "check_id"]
    EXPECTED = {
        "wang_fang": [OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN,
                      FORBIDDEN, OK],
        "li_qiang": [OK, OK, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN,
                     FORBIDDEN, OK],
        "chen_min": [OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, FORBIDDEN, OK],
        "admin_a": [OK, OK, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK],
        "archivist_a": [OK, OK, FORBIDDEN, OK, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, OK,
                        FORBIDDEN, FORBIDDEN],
        "quality_a": [OK, OK, FORBIDDEN, OK, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                      FORBIDDEN, FORBIDDEN],
        "zhao_lei": [OK, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, FORBIDDEN,
                     FORBIDDEN, OK],
        "viewer": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    }

    def urls(self) -> dict[str, str]:
        p = self.p
        return {
            "home": reverse("home"),
            "list": reverse("clients:list"),
            "create": reverse("clients:create"),
            "detail_a": reverse("clients:detail", args=[p.client_a.pk]),
            "detail_a2": reverse("clients:detail", args=[p.client_a2.pk]),
            "detail_b": reverse("clients:detail", args=[p.client_b.pk]),
            "edit_a": reverse("clients:edit", args=[p.client_a.pk]),
            "edit_b": reverse("clients:edit", args=[p.client_b.pk]),
            "export": reverse("clients:export"),
            "audit": reverse("audit:list"),
            "check_id": reverse("clients:check_id") + "?id_number=11010519491231002X",
        }

    def test_it_answers_each_persona_as_the_matrix_says(self):
        urls = self.urls()
        for name, user in self.p.all_users().items():
            self.client.force_login(user)
            for page, expected in zip(self.PAGES, self.EXPECTED[name], strict=True):
                with self.subTest(persona=name, page=page):
                    self.assertEqual(self.client.get(urls[page]).status_code, expected)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        for page, url in self.urls().items():
            with self.subTest(page=page):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_it_refuses_writes_to_another_organisations_client_with_404(self):
        self.client.force_login(self.p.wang_fang)
        b = self.p.client_b.pk
        for url in [reverse("clients:contact_add", args=[b]),
                    reverse("clients:household_add", args=[b]),
                    reverse("clients:diagnosis_add", args=[b])]:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {"name": "x"}).status_code, 404)
        self.assertFalse(self.p.client_b.contacts.exists())


class ClientRegistrationPageTest(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.p.wang_fang)
        self.url = reverse("clients:create")

    def form(self, **overrides) -> dict:
        data = {"name": "陈晓东", "id_number": identity.compose(
                    "510107", datetime.date(1975, 3, 8), 135),
                "phone": "13912345678", "district": "510107", "street": "510107003",
                "address_detail": "玉林南路12号", "population_categories": ["mental_disorder"]}
        data.update(overrides)
        return data

    def test_it_registers_a_client_and_derives_birth_date_and_sex(self):
        response = self.client.post(self.url, self.form())
        client = Client.objects.get(name="陈晓东")
        self.assertRedirects(response, client.get_absolute_url())
        self.assertEqual(client.birth_date, datetime.date(1975, 3, 8))
        self.assertEqual(client.sex, "M")
        self.assertEqual(client.street_id, "510107003")
        self.assert_audited("client.registered", actor=self.p.wang_fang, target=client)

    def test_it_shows_a_bad_check_digit_next_to_the_id_field_and_saves_nothing(self):
        before = Client.objects.count()
        response = self.client.post(self.url, self.form(id_number="110105194912310021"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-field-error="id_number"')
        self.assertEqual(Client.objects.count(), before)
        self.assert_not_audited("client.registered")

    def test_it_refuses_a_sex_that_contradicts_the_id_number(self):
        response = self.client.post(self.url, self.form(sex="F"))
        self.assertContains(response, 'data-field-error="sex"')
        self.assertFalse(Client.objects.filter(name="陈晓东").exists())

    def test_it_refuses_a_known_id_number_and_offers_the_existing_file(self):
        existing = self.p.client_a
        response = self.client.post(self.url, self.form(id_number=existing.id_number,
                                                        sex="", name="另一个名字"))
        self.assertContains(response, 'id="duplicate-offer"')
        self.assertContains(response, existing.file_number)
        self.assertContains(response, existing.get_absolute_url())
        self.assertFalse(Client.objects.filter(name="另一个名字").exists())

    def test_it_does_not_link_or_name_a_duplicate_the_worker_may_not_open(self):
        self.client.force_login(self.p.li_qiang)
        response = self.client.post(self.url, self.form(id_number=self.p.client_a.id_number))
        self.assertContains(response, 'id="duplicate-offer"')
        self.assertContains(response, "王芳")  # whom to ask
        self.assertNotContains(response, self.p.client_a.file_number)
        self.assertNotContains(response, self.p.client_a.name)
        self.assertNotContains(response, self.p.client_a.get_absolute_url() + '"')
        self.assertFalse(Client.objects.filter(name="陈晓东").exists())  # still refused

    def test_it_warns_of_a_likely_duplicate_until_confirmed(self):
        twin = self.p.client_a
        data = self.form(name=twin.name, id_number="", sex=twin.sex,
                         birth_date=twin.birth_date.isoformat())
        response = self.client.post(self.url, data)
        self.assertContains(response, 'id="possible-duplicates"')
        self.assertEqual(Client.objects.filter(name=twin.name).count(), 1)
        response = self.client.post(self.url, {**data, "confirm_not_duplicate": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Client.objects.filter(name=twin.name).count(), 2)

    def test_it_checks_an_id_number_as_it_is_typed(self):
        url = reverse("clients:check_id")
        ok = self.client.get(url, {"id_number": "11010519491231002x"})
        self.assertContains(ok, "1949-12-31")
        bad = self.client.get(url, {"id_number": "110105194912310021"})
        self.assertContains(bad, "text-danger")
        known = self.client.get(url, {"id_number": self.p.client_a.id_number})
        self.assertContains(known, self.p.client_a.file_number)
        other_org = self.client.get(url, {"id_number": self.p.client_b.id_number})
        self.assertNotContains(other_org, self.p.client_b.file_number)


class ClientFilePageTest(PersonaTestCase):
    def test_it_records_every_view_of_a_clients_file(self):
        self.client.force_login(self.p.chen_min)
        self.client.get(reverse("clients:detail", args=[self.p.client_a.pk]),
                        REMOTE_ADDR="10.1.2.3")
        event = self.assert_audited("client.viewed", actor=self.p.chen_min,
                                    client=self.p.client_a)
        self.assertEqual(event.ip, "10.1.2.3")
        self.assertTrue(event.request_id)

    def test_it_does_not_record_a_refused_view(self):
        self.client.force_login(self.p.zhao_lei)
        self.client.get(reverse("clients:detail", args=[self.p.client_a.pk]))
        self.assert_not_audited("client.viewed")

    def test_it_edits_a_client_with_a_reason_on_the_record(self):
        self.client.force_login(self.p.wang_fang)
        client = self.p.client_a
        url = reverse("clients:edit", args=[client.pk])
        response = self.client.post(url, {
            "name": client.name, "id_number": client.id_number, "phone": "13700001111",
            "district": "510107", "population_categories": ["mental_disorder", "caregiver"],
            "reason": "家属提供新号码", "edit_version": client.edit_version})
        self.assertRedirects(response, client.get_absolute_url())
        client.refresh_from_db()
        self.assertEqual(client.phone, "13700001111")
        event = self.assert_audited("client.updated", actor=self.p.wang_fang, target=client)
        self.assertEqual(event.reason, "家属提供新号码")
        self.assertIn("phone", event.data["fields"])

    def test_it_adds_contacts_household_members_and_diagnoses(self):
        self.client.force_login(self.p.wang_fang)
        pk = self.p.client_a.pk
        self.client.post(reverse("clients:contact_add", args=[pk]), {
            "kind": "guardian", "name": "张建国", "relationship": "父亲",
            "phone": "13600002222"})
        self.client.post(reverse("clients:household_add", args=[pk]), {
            "name": "李桂兰", "relationship": "母亲", "birth_year": "1955"})
        self.client.post(reverse("clients:diagnosis_add", args=[pk]), {"known_code": "F20"})
        client = self.p.client_a
        self.assertEqual(client.contacts.get().name, "张建国")
        self.assertEqual(client.household.get().relationship, "母亲")
        self.assertEqual(client.diagnoses.get().code, "F20")
        page = self.client.get(reverse("clients:detail", args=[pk]))
        self.assertContains(page, "张建国")
        self.assertContains(page, "F20")
        for action in ("client.contact_added", "client.household_member_added",
                       "client.diagnosis_added"):
            self.assert_audited(action, actor=self.p.wang_fang, client=client)

    def test_it_offers_the_six_severe_mental_disorders_first(self):
        self.client.force_login(self.p.wang_fang)
        page = self.client.get(reverse("clients:detail", args=[self.p.client_a.pk]))
        html = page.content.decode()
        first_group = html.index("<optgroup")
        self.assertLess(first_group, html.index('value="F20"'))
        self.assertLess(html.index('value="F70-F79"'), html.index('value="F32"'))


class ClientListPageTest(PersonaTestCase):
    def test_it_finds_a_client_by_name_full_id_number_and_phone(self):
        self.client.force_login(self.p.wang_fang)
        url = reverse("clients:list")
        client = self.p.client_a
        for query in (client.name[:1], client.id_number.lower(), client.phone,
                      client.file_number):
            with self.subTest(query=query):
                self.assertContains(self.client.get(url, {"q": query}), client.file_number)

    def test_it_never_lists_another_organisations_client_even_by_exact_id(self):
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("clients:list"),
                                   {"q": self.p.client_b.id_number})
        self.assertNotContains(response, self.p.client_b.file_number)

    def test_it_filters_by_population_category(self):
        self.client.force_login(self.p.admin_a)
        make_client(self.p.org_a, self.p.admin_a, name="慢病对象", sequence=57,
                    population_categories=["chronic_disease"])
        response = self.client.get(reverse("clients:list"), {"category": "chronic_disease"})
        self.assertContains(response, "慢病对象")
        self.assertNotContains(response, self.p.client_a.file_number)

    def test_it_answers_htmx_searches_with_the_results_fragment_only(self):
        self.client.force_login(self.p.wang_fang)
        response = self.client.get(reverse("clients:list"), {"q": "张"}, HTTP_HX_REQUEST="true")
        self.assertNotContains(response, "<html")
        self.assertContains(response, self.p.client_a.file_number)

    def test_its_query_count_does_not_grow_with_the_rows(self):
        self.client.force_login(self.p.admin_a)
        url = reverse("clients:list")

        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        few = count_queries()
        for n in range(20):
            make_client(self.p.org_a, self.p.admin_a, name=f"对象{n}", sequence=100 + n,
                        street=self.p.org_a.district.children.first())
        self.assertEqual(count_queries(), few)


@override_settings(TASKS={"default": {
    "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
class ExportTest(PersonaTestCase):
    def test_it_exports_only_visible_clients_and_audits_the_export(self):
        self.client.force_login(self.p.chen_min)
        job_page = self.client.post(reverse("clients:export"), follow=True)
        response = self.client.get(reverse("jobs:download", args=[job_page.context["job"].pk]))
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        self.assertIn(self.p.client_a.file_number, body)
        self.assertNotIn(self.p.client_a2.file_number, body)
        self.assertNotIn(self.p.client_a.id_number, body)
        event = self.assert_audited("clients.exported", actor=self.p.chen_min)
        self.assertEqual(event.data["count"], 1)


class AuditLogPageTest(PersonaTestCase):
    def test_it_shows_the_org_admin_only_their_organisations_events(self):
        self.client.force_login(self.p.wang_fang)
        self.client.get(reverse("clients:detail", args=[self.p.client_a.pk]))
        self.client.force_login(self.p.zhao_lei)
        self.client.get(reverse("clients:detail", args=[self.p.client_b.pk]))
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("audit:list"), {"action": "client.viewed"})
        self.assertContains(response, self.p.client_a.file_number)
        self.assertNotContains(response, self.p.client_b.file_number)

    def test_it_filters_by_user_and_client(self):
        self.client.force_login(self.p.wang_fang)
        self.client.get(reverse("clients:detail", args=[self.p.client_a.pk]))
        self.client.force_login(self.p.admin_a)
        response = self.client.get(reverse("audit:list"), {
            "actor": "wangfang", "client": self.p.client_a.file_number})
        page = response.context["page"]
        self.assertTrue(page.object_list)
        self.assertTrue(all(e.actor_label == "wangfang" for e in page.object_list))
        self.assertEqual(AuditEvent.objects.count(), AuditEvent.objects.count())


class ActionsRecheckVisibilityTest(PersonaTestCase):
    def test_it_refuses_an_edit_by_a_colleague_who_may_not_see_the_client(self):
        """Even called outside a view, an action refuses a client the user cannot see."""
        from anxin.clients import actions
        from anxin.core.exceptions import NotPermitted

        with self.assertRaises(NotPermitted):
            actions.do_update_client(self.p.client_a, acting_user=self.p.li_qiang,
                                     data={"phone": "13800000000"})
        with self.assertRaises(NotPermitted):
            actions.do_add_contact(self.p.client_a, acting_user=self.p.li_qiang,
                                   kind="guardian", name="某人", relationship="父亲",
                                   phone="13800000000")
        self.assert_not_audited("client.updated")


class SubRecordRemovalTest(PersonaTestCase):
    def test_it_removes_a_contact_and_a_household_member_with_their_audit_events(self):
        from anxin.clients import actions

        client = self.p.client_a
        contact = actions.do_add_contact(client, acting_user=self.p.wang_fang, kind="guardian",
                                         name="张建国", relationship="父亲", phone="13600002222")
        member = actions.do_add_household_member(client, acting_user=self.p.wang_fang,
                                                 name="李桂兰", relationship="母亲")
        self.client.force_login(self.p.wang_fang)
        self.client.post(reverse("clients:contact_remove", args=[client.pk, contact.pk]))
        self.client.post(reverse("clients:household_remove", args=[client.pk, member.pk]))
        self.assertFalse(client.contacts.exists())
        self.assertFalse(client.household.exists())
        self.assert_audited("client.contact_removed", actor=self.p.wang_fang, client=client)
        self.assert_audited("client.household_member_removed", actor=self.p.wang_fang,
                            client=client)

    def test_it_refuses_to_remove_another_clients_contact_through_this_clients_url(self):
        from anxin.clients import actions

        other = actions.do_add_contact(self.p.client_b, acting_user=self.p.zhao_lei,
                                       kind="guardian", name="黄某", relationship="父亲",
                                       phone="13600003333")
        self.client.force_login(self.p.wang_fang)
        url = reverse("clients:contact_remove", args=[self.p.client_a.pk, other.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(self.p.client_b.contacts.exists())

    def test_it_requires_a_reason_to_remove_a_diagnosis(self):
        from anxin.clients import actions

        diagnosis = actions.do_add_diagnosis(self.p.client_a, acting_user=self.p.wang_fang,
                                             code="F20")
        self.client.force_login(self.p.wang_fang)
        url = reverse("clients:diagnosis_remove", args=[self.p.client_a.pk, diagnosis.pk])
        self.client.post(url, {"reason": ""})
        self.assertTrue(self.p.client_a.diagnoses.exists())
        self.client.post(url, {"reason": "复诊更正诊断"})
        self.assertFalse(self.p.client_a.diagnoses.exists())
        event = self.assert_audited("client.diagnosis_removed", actor=self.p.wang_fang)
        self.assertEqual(event.reason, "复诊更正诊断")
