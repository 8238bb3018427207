"""The step every form page takes: on a valid POST, run the action; on success, say so and go
where it leads; on a refusal, put each message beside its field, with nothing saved."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def submitted(request, form, perform, *, done: str, then=None):
    """The redirect after `perform(form.cleaned_data)` succeeded — to `then`, or to what
    `perform` returned — or None when the page is to be shown (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        target = perform(form.cleaned_data)
    except ValidationError as exc:
        form.apply_action_error(exc)
        return None
    messages.success(request, done)
    return redirect(then if then is not None else target)
