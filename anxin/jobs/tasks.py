"""The task the workers run (`manage.py db_worker`): one per job."""

from django_tasks import task

from . import engine


@task()
def run_job(job_id: int) -> None:
    engine.run(job_id)
