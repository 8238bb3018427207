from anxin.core.access import access

from .models import Job


def access_job(user, job_id) -> Job:
    """The job if `user` asked for it; 404 for anybody else's, in any organisation."""
    return access(user, Job.objects, job_id)
