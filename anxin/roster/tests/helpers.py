"""Shared setup of the roster tests: spreadsheets made with openpyxl, valid ID numbers, and the
personas' organisation A (成都武侯) with two of its district's streets."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from anxin.accounts.models import Region
from anxin.clients import identity
from anxin.roster import actions
from anxin.workspace.testing.cases import PersonaTestCase

HEADINGS = ("姓名", "身份证号", "是否纳入网格管理", "诊断")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def id_number(sequence: int, *, district: str = "510107",
              born: datetime.date = datetime.date(1975, 3, 9)) -> str:
    """A well-formed 18-character number (its check digit computed)."""
    return identity.compose(district, born, sequence)


def with_wrong_check_digit(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def xlsx(rows, *, headings=HEADINGS, name: str = "roster.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def people(count: int, *, start: int = 100) -> list[tuple]:
    return [(f"居民{n}", id_number(start + n), "是" if n % 2 else "否", "")
            for n in range(count)]


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def last_month() -> datetime.date:
    return (this_month() - datetime.timedelta(days=1)).replace(day=1)


class RosterTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.jiangxi = Region.objects.get(code="510107001")  # 浆洗街街道, org A's district
        cls.wangjiang = Region.objects.get(code="510107002")  # 望江路街道
        cls.nantou = Region.objects.get(code="440305001")  # 南头街道, org B's district

    def import_file(self, rows, *, street=None, month=None, user=None, **kwargs):
        return actions.do_import_roster(
            self.p.org_a, street=street or self.jiangxi, month=month or this_month(),
            file=xlsx(rows, **kwargs), acting_user=user or self.p.chen_min)
