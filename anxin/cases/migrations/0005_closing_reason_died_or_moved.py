"""Form G's reason 服务对象死亡或搬迁 becomes two choices, `died` and `moved`: only a death rules
out the follow-up after closing (CMH-6.6). Which of the two an earlier form meant is not known,
so it becomes `moved`: it still prints the same box and still asks for a follow-up."""

from django.db import migrations


def split(apps, schema_editor):
    Closure = apps.get_model("cases", "Closure")
    # In Python: SQLite has no JSON `contains` lookup.
    for closure in Closure.objects.all().iterator():
        if "died_or_moved" in closure.reasons:
            closure.reasons = ["moved" if r == "died_or_moved" else r for r in closure.reasons]
            closure.save(update_fields=["reasons"])


def join(apps, schema_editor):
    Closure = apps.get_model("cases", "Closure")
    for closure in Closure.objects.all().iterator():
        joined = ["died_or_moved" if r in ("died", "moved") else r for r in closure.reasons]
        if joined != closure.reasons:
            closure.reasons = list(dict.fromkeys(joined))
            closure.save(update_fields=["reasons"])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_service_record_not_possible'),
    ]

    operations = [migrations.RunPython(split, join)]
