"""Registering clients from a file: the upload page and its template. The rows are checked
and registered by a background job (anxin.jobs.client_import), all or none."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from anxin.accounts.capabilities import CLIENT_CREATE
from anxin.core.exceptions import NotPermitted
from anxin.core.forms import StyledFormMixin
from anxin.jobs import client_import, files
from anxin.jobs.engine import may_start, start_job
from anxin.jobs.models import JobKind


class ClientImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Save the sheet as CSV (UTF-8 or the Chinese Windows default), "
                               "with the template's headings in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > client_import.MAX_BYTES:
            raise ValidationError(_("The file is larger than %(mb)d MB. Split it into smaller "
                                    "files.") % {"mb": client_import.MAX_BYTES // 2**20})
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(_("Upload a CSV file (.csv). In Excel or WPS: Save as → CSV."))
        try:
            text = client_import.decode(upload.read())
            # The headings are checked now, so a wrong file is refused on this page.
            client_import.read_rows(text)
        except client_import.FileRefused as exc:
            raise ValidationError(str(exc)) from None
        return text


@login_required
@require_http_methods(["GET", "POST"])
def client_import_page(request):
    if not may_start(request.user, JobKind.CLIENT_IMPORT):  # the rule start_job applies
        raise NotPermitted
    form = ClientImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stored = files.save_text("client-import", [form.cleaned_data["file"]])
        job = start_job(JobKind.CLIENT_IMPORT, request.user, {
            "upload": stored, "filename": request.FILES["file"].name[:100]})
        return redirect(job)
    return render(request, "jobs/client_import.html", {
        "form": form, "max_rows": client_import.MAX_ROWS})


@login_required
@require_GET
def client_import_template(request):
    if not request.user.can(CLIENT_CREATE):
        raise NotPermitted
    response = HttpResponse(client_import.template_text(),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clients-template.csv"'
    return response
