"""do_import_roster: who may, which streets and months, the audit trail, replacing an earlier
upload, and matching people to clients through the ID number's blind index."""

import datetime

from django.core.exceptions import ValidationError

from anxin.accounts.choices import Role
from anxin.clients.selectors import id_number_index
from anxin.core.exceptions import NotPermitted
from anxin.roster.models import RosterEntry, RosterImport

from .helpers import RosterTestCase, id_number, last_month, people, this_month


class ImportingTest(RosterTestCase):
    def test_it_puts_the_import_on_the_record_with_counts_only(self):
        """The event names the street-month and counts; no name or ID number of the file."""
        rows = [("张三", id_number(1), "是", "精神分裂症"),
                ("李四", id_number(2), "否", ""),
                (self.p.client_a.name, self.p.client_a.id_number, "是", "")]
        roster_import = self.import_file(rows)
        event = self.assert_audited("roster.imported", actor=self.p.chen_min,
                                    target=roster_import)
        self.assertEqual(event.data, {"street": "510107001", "month": f"{this_month():%Y-%m}",
                                      "rows": 3, "matched": 1, "under_grid_management": 2,
                                      "replaced_rows": None})
        self.assertEqual(event.organization_id, self.p.org_a.pk)
        text = repr(event.data) + event.reason
        for name, number, _flag, _diagnosis in rows:
            self.assertNotIn(name, text)
            self.assertNotIn(number, text)
        self.assertNotIn("精神分裂症", text)

    def test_it_keeps_the_month_as_its_first_day_and_the_file_name(self):
        roster_import = self.import_file(people(1), month=last_month() + datetime.timedelta(9))
        self.assertEqual(roster_import.month, last_month())
        self.assertEqual(roster_import.file_name, "roster.xlsx")
        self.assertEqual(roster_import.imported_by, self.p.chen_min)

    def test_the_org_admin_may_import_too(self):
        roster_import = self.import_file(people(2), user=self.p.admin_a)
        self.assertEqual(roster_import.imported_by, self.p.admin_a)

    def test_it_refuses_whoever_lacks_the_capability(self):
        for user in (self.p.wang_fang, self.p.archivist_a, self.p.quality_a, self.p.viewer):
            with self.subTest(user=user.username), self.assertRaises(NotPermitted):
                self.import_file(people(1), user=user)
        self.assertFalse(RosterImport.objects.exists())

    def test_it_refuses_importing_for_another_organisation(self):
        with self.assertRaises(NotPermitted):
            from anxin.roster import actions

            from .helpers import xlsx
            actions.do_import_roster(self.p.org_b, street=self.nantou, month=this_month(),
                                     file=xlsx(people(1)), acting_user=self.p.chen_min)

    def test_it_refuses_a_street_outside_the_organisations_district(self):
        with self.assertRaises(ValidationError) as caught:
            self.import_file(people(1), street=self.nantou)
        self.assertIn("本机构所在区县", caught.exception.message_dict["street"][0])

    def test_it_refuses_a_month_to_come(self):
        next_month = (this_month() + datetime.timedelta(days=40)).replace(day=1)
        with self.assertRaises(ValidationError) as caught:
            self.import_file(people(1), month=next_month)
        self.assertIn("尚未到来", caught.exception.message_dict["month"][0])


class ReimportTest(RosterTestCase):
    def test_a_second_upload_of_the_street_month_replaces_the_first(self):
        first = self.import_file(people(3))
        second = self.import_file(people(2, start=500), user=self.p.admin_a)
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(RosterImport.objects.count(), 1)
        self.assertEqual(sorted(RosterEntry.objects.values_list("id_number_index", flat=True)),
                         sorted(id_number_index(id_number(500 + n)) for n in range(2)))
        second.refresh_from_db()
        self.assertEqual((second.row_count, second.imported_by), (2, self.p.admin_a))
        event = self.assert_audited("roster.imported", actor=self.p.admin_a, target=second)
        self.assertEqual((event.data["rows"], event.data["replaced_rows"]), (2, 3))

    def test_other_months_and_streets_are_left_alone(self):
        self.import_file(people(3))
        self.import_file(people(4), month=last_month())
        self.import_file(people(5), street=self.wangjiang)
        self.import_file(people(1, start=700))
        self.assertEqual(
            sorted(RosterImport.objects.values_list("street_id", "month", "row_count")),
            sorted([("510107001", this_month(), 1), ("510107001", last_month(), 4),
                    ("510107002", this_month(), 5)]))
        self.assertEqual(RosterEntry.objects.count(), 10)


class MatchingTest(RosterTestCase):
    def test_it_matches_a_person_to_the_client_with_the_same_id_number(self):
        """Through the blind index the Client model itself keeps (ADR 0002)."""
        client = self.p.client_a
        roster_import = self.import_file([("张伟", client.id_number.lower(), "是", ""),
                                          ("李四", id_number(2), "否", "")])
        matched, unmatched = roster_import.entries.all()
        self.assertEqual(matched.id_number_index, client.id_number_index)
        self.assertEqual(matched.matched_client, client)
        self.assertIsNone(unmatched.matched_client)
        self.assertEqual(roster_import.matched_count, 1)

    def test_it_does_not_match_another_organisations_client(self):
        other = self.p.client_b
        roster_import = self.import_file([(other.name, other.id_number, "是", "")])
        entry = roster_import.entries.get()
        self.assertEqual(entry.id_number_index, other.id_number_index)
        self.assertIsNone(entry.matched_client)

    def test_the_index_is_the_same_whatever_the_role_of_the_importer(self):
        self.assertEqual(Role.SUPERVISOR, self.p.chen_min.role)
        roster_import = self.import_file([("刘秀英", self.p.client_a2.id_number, "否", "")])
        # 陈敏 does not follow client_a2, but the organisation's roster matches it all the same.
        self.assertEqual(roster_import.entries.get().matched_client, self.p.client_a2)


class EncryptionAtRestTest(RosterTestCase):
    def test_names_id_numbers_and_diagnoses_are_stored_encrypted(self):
        """Read with raw SQL, the columns hold Fernet tokens, not the values (ADR 0002)."""
        from django.db import connection

        number = id_number(1)
        self.import_file([("张三丰", number, "是", "偏执型精神分裂症")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM roster_rosterentry")
            row = " ".join(str(value) for value in cursor.fetchone())
        for secret in ("张三丰", number, "偏执型精神分裂症"):
            self.assertNotIn(secret, row)
        entry = RosterEntry.objects.get()
        self.assertEqual((entry.name, entry.id_number, entry.diagnosis),
                         ("张三丰", number, "偏执型精神分裂症"))
