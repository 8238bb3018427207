"""Registering and changing clients: numbering, duplicates, permissions, audit, visibility."""

import copy
import datetime
import json

from django.core.exceptions import ValidationError
from django.utils import timezone

from anxin.audit.models import AuditEvent
from anxin.clients import actions, selectors
from anxin.clients.actions import (
    DuplicateClient,
    PossibleDuplicate,
    do_add_contact,
    do_add_diagnosis,
    do_add_household_member,
    do_register_client,
    do_remove_contact,
    do_remove_diagnosis,
    do_remove_household_member,
    do_update_client,
)
from anxin.clients.choices import ContactKind, Sex
from anxin.clients.models import Client
from anxin.core.exceptions import NotPermitted
from anxin.workspace.testing.cases import PersonaTestCase

# Published GB 11643 examples (domain-facts §6), none of which a persona already holds.
FEMALE_1949 = "11010519491231002X"
MALE_1980 = "34052419800101001X"
MALE_1982 = "513101198201130014"


def client_data(**overrides) -> dict:
    data = {"name": "李秀兰", "id_number": FEMALE_1949, "phone": "13912345678",
            "address_detail": "玉林西路17号附3号", "population_categories": ["caregiver"]}
    data.update(overrides)
    return data


class RegisteringAClient(PersonaTestCase):
    def register(self, organization=None, *, acting_user=None, **data) -> Client:
        return do_register_client(organization or self.p.org_a,
                                  acting_user=acting_user or self.p.wang_fang,
                                  data=client_data(**data))

    def test_it_opens_a_file_with_the_next_number_of_the_organisation(self):
        """Org A holds files 00001 and 00002; the next two are 00003 and 00004 of this year."""
        year = timezone.localdate().year
        first = self.register()
        second = self.register(name="王建国", id_number=MALE_1980, phone="13987654321")
        self.assertEqual(first.file_number, f"CDWH-{year}-00003")
        self.assertEqual(second.file_number, f"CDWH-{year}-00004")

    def test_it_saves_the_details_and_derives_birth_date_and_sex(self):
        """The client is stored with the number's birth date and sex, and the registrar."""
        client = self.register()
        client.refresh_from_db()
        self.assertEqual(client.organization, self.p.org_a)
        self.assertEqual(client.registered_by, self.p.wang_fang)
        self.assertEqual(client.id_number, FEMALE_1949)
        self.assertEqual(client.birth_date, datetime.date(1949, 12, 31))
        self.assertEqual(client.sex, Sex.FEMALE)
        self.assertEqual(client.phone, "13912345678")

    def test_it_records_the_registration(self):
        """client.registered names the registrar, the new file and its client."""
        client = self.register()
        event = self.assert_audited("client.registered", actor=self.p.wang_fang, target=client,
                                    client=client)
        self.assertEqual(event.organization, self.p.org_a)
        self.assertEqual(event.data["file_number"], client.file_number)

    def test_it_refuses_an_id_number_already_registered_in_the_organisation(self):
        """The existing file is offered instead; nothing is saved and nothing is recorded."""
        before = Client.objects.count()
        with self.assertRaises(DuplicateClient) as caught:
            self.register(name="另一个名字", id_number=self.p.client_a.id_number)
        self.assertEqual(caught.exception.existing, self.p.client_a)
        self.assertEqual(caught.exception.error_dict["id_number"][0].code,
                         "duplicate_id_number")
        self.assertEqual(Client.objects.count(), before)
        self.assert_not_audited("client.registered")

    def test_it_finds_the_duplicate_whatever_the_case_of_the_x(self):
        """A second registration with a lower-case x is the same ID number."""
        existing = self.register()
        with self.assertRaises(DuplicateClient) as caught:
            self.register(name="李秀兰二", id_number=FEMALE_1949.lower())
        self.assertEqual(caught.exception.existing, existing)

    def test_it_allows_the_same_id_number_in_another_organisation(self):
        """Organisations keep separate files: org B may register org A's client."""
        client = self.register(self.p.org_b, acting_user=self.p.zhao_lei, name="张伟",
                               id_number=self.p.client_a.id_number, phone="")
        self.assertEqual(client.organization, self.p.org_b)
        self.assertEqual(client.id_number, self.p.client_a.id_number)

    def test_it_asks_for_confirmation_when_name_and_birth_date_match(self):
        """Same name and birth date as client_a: PossibleDuplicate, and nothing is saved."""
        before = Client.objects.count()
        with self.assertRaises(PossibleDuplicate) as caught:
            self.register(name=self.p.client_a.name, id_number="", sex=Sex.MALE,
                          birth_date=self.p.client_a.birth_date)
        self.assertEqual(caught.exception.candidates, [self.p.client_a])
        self.assertEqual(Client.objects.count(), before)
        self.assert_not_audited("client.registered")

    def test_it_registers_a_namesake_once_confirmed(self):
        """With confirm_not_duplicate the namesake is registered and the confirmation noted."""
        client = do_register_client(
            self.p.org_a, acting_user=self.p.wang_fang, confirm_not_duplicate=True,
            data=client_data(name=self.p.client_a.name, id_number="", sex=Sex.MALE,
                             birth_date=self.p.client_a.birth_date))
        event = self.assert_audited("client.registered", target=client)
        self.assertIs(event.data["confirmed_not_duplicate"], True)

    def test_it_refuses_a_worker_registering_into_another_organisation(self):
        """王芳 works for org A: registering into org B is not permitted."""
        with self.assertRaises(NotPermitted):
            self.register(self.p.org_b, acting_user=self.p.wang_fang)
        self.assertFalse(Client.objects.filter(organization=self.p.org_b,
                                               name="李秀兰").exists())

    def test_it_refuses_roles_that_may_not_register(self):
        """Archivists, quality officers and regional viewers read; they do not register."""
        for persona in ("archivist_a", "quality_a", "viewer"):
            with self.subTest(persona=persona), self.assertRaises(NotPermitted):
                self.register(acting_user=getattr(self.p, persona))
        self.assert_not_audited("client.registered")

    def test_it_refuses_invalid_details_without_saving(self):
        """A bad check digit is a ValidationError on id_number; nothing is saved."""
        before = Client.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.register(id_number="110105194912310021")
        self.assertEqual(caught.exception.error_dict["id_number"][0].code, "id_checksum")
        self.assertEqual(Client.objects.count(), before)


class UpdatingAClient(PersonaTestCase):
    def setUp(self):
        self.client_record = do_register_client(self.p.org_a, acting_user=self.p.wang_fang,
                                                data=client_data())

    def test_it_records_the_names_of_changed_fields_and_never_their_values(self):
        """client.updated lists only "phone"; neither the old nor the new number appears."""
        do_update_client(self.client_record, acting_user=self.p.wang_fang,
                         data={"phone": "13700001111"}, reason="新号码")
        event = self.assert_audited("client.updated", actor=self.p.wang_fang,
                                    target=self.client_record, client=self.client_record)
        self.assertEqual(event.data["fields"], ["phone"])
        self.assertEqual(event.reason, "新号码")
        dumped = json.dumps(event.data, ensure_ascii=False)
        self.assertNotIn("13700001111", dumped)
        self.assertNotIn("13912345678", dumped)

    def test_it_saves_the_change(self):
        """The new phone is stored and found through its blind index."""
        do_update_client(self.client_record, acting_user=self.p.wang_fang,
                         data={"phone": "13700001111"})
        self.client_record.refresh_from_db()
        self.assertEqual(self.client_record.phone, "13700001111")
        found = selectors.search_clients(Client.objects.all(), "13700001111")
        self.assertEqual(list(found), [self.client_record])

    def test_it_records_nothing_when_nothing_changed(self):
        """Submitting the same values is not an update."""
        do_update_client(self.client_record, acting_user=self.p.wang_fang,
                         data={"phone": "13912345678"})
        self.assert_not_audited("client.updated")

    def test_it_updates_a_fixture_client(self):
        """A persona's client can be edited: its fixture ID number is itself valid."""
        do_update_client(self.p.client_a, acting_user=self.p.wang_fang,
                         data={"address_detail": "望江路29号"})
        self.assert_audited("client.updated", target=self.p.client_a)

    def test_it_refuses_an_id_number_held_by_another_client(self):
        """Changing to client_a2's number is a DuplicateClient naming client_a2; no change."""
        with self.assertRaises(DuplicateClient) as caught:
            do_update_client(self.client_record, acting_user=self.p.wang_fang,
                             data={"id_number": self.p.client_a2.id_number,
                                   "birth_date": None, "sex": None})
        self.assertEqual(caught.exception.existing, self.p.client_a2)
        self.assert_row_unchanged()

    def test_it_leaves_the_row_unchanged_when_the_update_is_invalid(self):
        """A bad check digit in an update changes nothing and records nothing."""
        with self.assertRaises(ValidationError):
            do_update_client(self.client_record, acting_user=self.p.wang_fang,
                             data={"id_number": "110105194912310021", "phone": "13700001111"})
        self.assert_row_unchanged()

    def test_it_refuses_an_archivist(self):
        """Archivists read files; editing one is not permitted."""
        with self.assertRaises(NotPermitted):
            do_update_client(self.client_record, acting_user=self.p.archivist_a,
                             data={"phone": "13700001111"})
        self.assert_row_unchanged()

    def test_it_refuses_staff_of_another_organisation(self):
        """赵磊 (org B) cannot edit an org-A client."""
        with self.assertRaises(NotPermitted):
            do_update_client(self.client_record, acting_user=self.p.zhao_lei,
                             data={"phone": "13700001111"})
        self.assert_row_unchanged()

    def assert_row_unchanged(self):
        self.client_record.refresh_from_db()
        self.assertEqual(self.client_record.id_number, FEMALE_1949)
        self.assertEqual(self.client_record.phone, "13912345678")
        self.assertEqual(self.client_record.birth_date, datetime.date(1949, 12, 31))
        self.assert_not_audited("client.updated")


class ChangingTheFileContents(PersonaTestCase):
    """Contacts, household members and diagnoses: each addition and removal is recorded."""

    def test_it_records_adding_and_removing_a_contact(self):
        """client.contact_added and client.contact_removed name the contact and the client."""
        client = self.p.client_a
        contact = do_add_contact(client, acting_user=self.p.wang_fang,
                                 kind=ContactKind.GUARDIAN, name="张建华", relationship="父亲",
                                 phone="13811112222")
        self.assert_audited("client.contact_added", actor=self.p.wang_fang, target=contact,
                            client=client)
        removed = copy.copy(contact)  # delete() clears the instance's pk
        do_remove_contact(contact, acting_user=self.p.wang_fang)
        event = self.assert_audited("client.contact_removed", actor=self.p.wang_fang,
                                    target=removed, client=client)
        self.assertEqual(event.data, {"kind": ContactKind.GUARDIAN, "name": "张建华"})
        self.assertFalse(client.contacts.exists())

    def test_it_records_adding_and_removing_a_household_member(self):
        """client.household_member_added and _removed name the member and the client."""
        client = self.p.client_a
        member = do_add_household_member(client, acting_user=self.p.wang_fang, name="张丽",
                                         relationship="妹妹", birth_year=1985)
        self.assert_audited("client.household_member_added", actor=self.p.wang_fang,
                            target=member, client=client)
        removed = copy.copy(member)
        do_remove_household_member(member, acting_user=self.p.wang_fang)
        self.assert_audited("client.household_member_removed", actor=self.p.wang_fang,
                            target=removed, client=client)
        self.assertFalse(client.household.exists())

    def test_it_records_adding_and_removing_a_diagnosis(self):
        """client.diagnosis_added and client.diagnosis_removed (with its reason) are recorded."""
        client = self.p.client_a
        diagnosis = do_add_diagnosis(client, acting_user=self.p.wang_fang, code="f20",
                                     label="精神分裂症")
        self.assertEqual(diagnosis.code, "F20")
        self.assert_audited("client.diagnosis_added", actor=self.p.wang_fang,
                            target=diagnosis, client=client)
        removed = copy.copy(diagnosis)
        do_remove_diagnosis(diagnosis, acting_user=self.p.wang_fang, reason="录入错误")
        event = self.assert_audited("client.diagnosis_removed", actor=self.p.wang_fang,
                                    target=removed, client=client)
        self.assertEqual(event.reason, "录入错误")
        self.assertFalse(client.diagnoses.exists())

    def test_it_refuses_file_changes_by_read_only_roles(self):
        """A quality officer may not add a contact, household member or diagnosis."""
        client = self.p.client_a
        with self.assertRaises(NotPermitted):
            do_add_contact(client, acting_user=self.p.quality_a, kind=ContactKind.EMERGENCY,
                           name="张建华", relationship="父亲", phone="13811112222")
        with self.assertRaises(NotPermitted):
            do_add_household_member(client, acting_user=self.p.quality_a, name="张丽",
                                    relationship="妹妹")
        with self.assertRaises(NotPermitted):
            do_add_diagnosis(client, acting_user=self.p.quality_a, code="F20")
        self.assertEqual(AuditEvent.objects.count(), 0)


class SeeingClients(PersonaTestCase):
    EXPECTED = {
        "wang_fang": {"client_a"},
        "li_qiang": {"client_a2"},
        "chen_min": {"client_a"},
        "admin_a": {"client_a", "client_a2"},
        "archivist_a": {"client_a", "client_a2"},
        "quality_a": {"client_a", "client_a2"},
        "zhao_lei": {"client_b"},
        "viewer": set(),
    }

    def test_it_shows_each_persona_exactly_their_clients(self):
        """Organisation first, then role: workers their own, supervisors their team's."""
        self.assertEqual(set(self.EXPECTED), set(self.p.all_users()))
        for persona, expected in self.EXPECTED.items():
            with self.subTest(persona=persona):
                user = getattr(self.p, persona)
                visible = set(Client.objects.visible_to(user))
                self.assertEqual(visible, {getattr(self.p, name) for name in expected})


class SearchingClients(PersonaTestCase):
    def search(self, query: str) -> set[Client]:
        return set(selectors.search_clients(Client.objects.visible_to(self.p.admin_a), query))

    def test_it_finds_a_client_by_the_full_id_number(self):
        """An exact ID number finds that client only."""
        self.assertEqual(self.search(self.p.client_a2.id_number), {self.p.client_a2})

    def test_it_finds_an_id_number_typed_with_a_lower_case_x(self):
        """11010519491231002x finds the client registered as 11010519491231002X."""
        client = do_register_client(self.p.org_a, acting_user=self.p.wang_fang,
                                    data=client_data())
        self.assertEqual(self.search(FEMALE_1949.lower()), {client})

    def test_it_does_not_find_a_client_by_part_of_the_id_number(self):
        """Encrypted numbers are matched exactly: a prefix finds nobody."""
        self.assertEqual(self.search(self.p.client_a.id_number[:10]), set())

    def test_it_finds_a_client_by_phone(self):
        """The phone is matched through its blind index, spaces ignored."""
        self.assertEqual(self.search(self.p.client_a.phone), {self.p.client_a})
        spaced = f"{self.p.client_a.phone[:3]} {self.p.client_a.phone[3:7]} " \
                 f"{self.p.client_a.phone[7:]}"
        self.assertEqual(self.search(spaced), {self.p.client_a})

    def test_it_finds_a_client_by_part_of_the_name(self):
        """秀英 finds 刘秀英."""
        self.assertEqual(self.search("秀英"), {self.p.client_a2})

    def test_it_finds_a_client_by_file_number(self):
        """The file number matches regardless of case."""
        self.assertEqual(self.search(self.p.client_a.file_number), {self.p.client_a})
        self.assertEqual(self.search(self.p.client_a.file_number.lower()), {self.p.client_a})

    def test_it_never_finds_clients_outside_the_visible_set(self):
        """Searching for org B's client's ID number from org A finds nothing."""
        self.assertEqual(self.search(self.p.client_b.id_number), set())


class RecordingReadsAndExports(PersonaTestCase):
    def test_it_records_viewing_a_file(self):
        """Opening a client's file is an audit event on that client."""
        actions.record_client_view(self.p.client_a, acting_user=self.p.chen_min)
        self.assert_audited("client.viewed", actor=self.p.chen_min, target=self.p.client_a,
                            client=self.p.client_a)

    def test_it_refuses_an_export_to_a_role_without_the_capability(self):
        """Workers may not export client lists."""
        with self.assertRaises(NotPermitted):
            actions.record_client_export(acting_user=self.p.wang_fang, count=2, query="",
                                         fmt="xlsx")
        self.assert_not_audited("clients.exported")
