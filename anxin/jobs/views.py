"""My jobs: the list, one job's progress (polled by htmx) and its result."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from anxin.core.paging import CappedPaginator

from . import actions
from .access import access_job
from .engine import KINDS
from .models import Job, JobStatus

PAGE_SIZE = 25
# How often an unfinished job's page asks again, in seconds.
POLL_SECONDS = 2


@login_required
@require_GET
def job_list(request):
    jobs = Job.objects.visible_to(request.user).only(
        "pk", "kind", "status", "progress_done", "progress_total", "created_at", "finished_at",
        "result_name")
    page = CappedPaginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@login_required
@require_GET
def job_detail(request, job_id):
    job = access_job(request.user, job_id)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job, "poll_seconds": POLL_SECONDS})


@login_required
@require_GET
def job_download(request, job_id):
    job = access_job(request.user, job_id)
    if job.status != JobStatus.SUCCEEDED or not job.result:
        raise Http404
    actions.record_result_download(job, acting_user=request.user)
    kind = KINDS[job.kind]
    response = StreamingHttpResponse(import_string(kind.reader)(job.result.name),
                                     content_type=kind.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    response["Cache-Control"] = "private, no-store"
    return response
