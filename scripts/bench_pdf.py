"""Time the printed forms A–G: median and worst milliseconds per form.

    .venv/bin/python scripts/bench_pdf.py [-n 20] [--out DIR]

Builds a throwaway test database (in memory on SQLite; test_… on PostgreSQL when DATABASE_URL
is set), walks one case through every stage with the real actions, then renders each form N
times through printing.render.render_pdf — template, queries and WeasyPrint, as the view does.
The first render of the process (fonts registered, stylesheet parsed) is reported on its own.
--out also writes one PDF per form into DIR, to look at.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="renders per form (default 20)")
    parser.add_argument("--out", type=Path, help="write one PDF per form into this folder")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def build_case():
    from django.utils import timezone

    from anxin.cases import actions, scenarios
    from anxin.cases.models import (
        Assessment,
        Closure,
        Consent,
        Evaluation,
        ServicePlan,
        ServiceRecord,
    )
    from anxin.workspace.testing.personas import build_personas

    p = build_personas()
    case = actions.do_open_case(p.client_a, acting_user=p.wang_fang, worker=p.wang_fang,
                                supervisor=p.chen_min, source="sought_help",
                                application_date=timezone.localdate())
    case = scenarios.advance(case, "closed", worker=p.wang_fang, supervisor=p.chen_min)
    return case, {
        "consent": Consent.objects.get(case=case),
        "application": case.application,
        "assessment": Assessment.objects.get(case=case),
        "plan": ServicePlan.objects.get(case=case),
        "service_record": ServiceRecord.objects.get(case=case),
        "evaluation": Evaluation.objects.get(case=case),
        "closure": Closure.objects.get(case=case),
    }


def run(args) -> None:
    from weasyprint.text.ffi import harfbuzz_subset

    from anxin.cases.printing.render import render_pdf

    case, documents = build_case()
    print(f"harfbuzz-subset: {'yes' if harfbuzz_subset else 'NO (fontTools fallback, slow)'}")

    start = time.perf_counter()
    render_pdf(case, "consent", documents["consent"])
    print(f"first render of the process (fonts, stylesheet): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms\n")

    print(f"{'form':<16}{'median ms':>10}{'max ms':>9}{'KiB':>7}   ({args.n} renders each)")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for code, document in documents.items():
        times = []
        for _ in range(args.n):
            start = time.perf_counter()
            data = render_pdf(case, code, document)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{code:<16}{statistics.median(times):>10.0f}{max(times):>9.0f}"
              f"{len(data) / 1024:>7.0f}")
        if args.out:
            (args.out / f"{code}.pdf").write_bytes(data)


if __name__ == "__main__":
    main()
