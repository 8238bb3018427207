import datetime

from django.utils import timezone

from anxin.cases import scenarios
from anxin.cases.actions import do_open_case
from anxin.instruments.models import InstrumentResponse
from anxin.instruments.registry import latest
from anxin.instruments.scoring import score
from anxin.instruments.signals import response_recorded

TODAY = datetime.date(2026, 11, 16)


def open_case(p, client=None, *, stage="intake"):
    """A case of 张伟 (client_a) held by 王芳 and supervised by 陈敏."""
    case = do_open_case(client or p.client_a, acting_user=p.wang_fang, worker=p.wang_fang,
                        supervisor=p.chen_min, source="sought_help",
                        application_date=TODAY)
    if stage != "application":
        scenarios.advance(case, stage, worker=p.wang_fang, supervisor=p.chen_min, today=TODAY)
    case.refresh_from_db()
    return case


def store_response(case, code, answers, *, by):
    """A response stored as the instruments action stores it, and the signal it sends."""
    instrument = latest(code)
    result = score(instrument, answers)
    response = InstrumentResponse.objects.create(
        organization=case.organization, client=case.client, case=case, instrument=code,
        version=instrument.version, answers=answers,
        totals={k: (v if isinstance(v, int) or v is None else str(v))
                for k, v in result.totals.items()},
        bands={k: (b.code if b else None) for k, b in result.bands.items()},
        flags=[f.code for f in result.flags], administered_on=timezone.localdate(),
        recorded_by=by)
    response_recorded.send(sender=InstrumentResponse, response=response, acting_user=by)
    return response


def phq9(item9=0, rest=1):
    answers = {f"item_{n}": rest for n in range(1, 9)}
    answers["item_9"] = item9
    return answers


def skip_reasons(alert, reason="经评估不适用") -> dict:
    """A reason for every protocol item of `alert` not yet ticked, as resolving requires."""
    from anxin.safety.actions import unticked_items

    return {item.code: reason for item in unticked_items(alert)}


def resolve(alert, *, by, resolution="ok"):
    """Resolve `alert`, giving a reason for every unticked protocol item."""
    from anxin.safety.actions import do_resolve_alert

    return do_resolve_alert(alert, acting_user=by, resolution=resolution,
                            not_applicable=skip_reasons(alert))
