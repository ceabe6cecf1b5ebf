"""A job of the app whose process died runs once more (engine/killed_jobs.py): on the site's real
queue Redis, with RQ's own job and registries. A job that raised an error, Frappe's own jobs and
another site's jobs are left as they failed; a job that dies again is not run a third time."""

import frappe
import pytest
from frappe.utils.background_jobs import execute_job, get_queue
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, StartedJobRegistry

from bppm_app.engine import killed_jobs

# what RQ 1.15's worker records when the work-horse running the job is killed (kill -9)
KILLED = "Work-horse terminated unexpectedly; waitpid returned 9 (signal 9); "
RAISED = 'Traceback (most recent call last):\n  ...\nfrappe.exceptions.ValidationError: "no"'
# a batch of the app that finds nothing to do, whichever worker picks it up
HARMLESS = "bppm_app.engine.notifications.remind_lkpm"
HARMLESS_ARGS = {"names": ["INV-NOT-THERE"], "year": 2026, "quarter": "Q1"}


@pytest.fixture
def jobs():
	made = []

	def make(method=HARMLESS, site=None, queue="long", **kwargs):
		q = get_queue(queue)
		job = Job.create(
			execute_job,
			kwargs={
				"site": site or frappe.local.site,
				"user": "Administrator",
				"method": method,
				"event": None,
				"job_name": method,
				"is_async": True,
				"kwargs": kwargs or HARMLESS_ARGS,
			},
			connection=q.connection,
			origin=q.name,
			id=f"bppm-test-{frappe.generate_hash(length=12)}",
		)
		job.save()
		made.append((q, job))
		return q, job

	yield make
	for q, job in made:
		q.remove(job.id)
		FailedJobRegistry(queue=q).remove(job.id)
		StartedJobRegistry(queue=q).remove(job.id)
		job.delete()


def dies(q, job, how=KILLED):
	"""What RQ's worker records when the job's work-horse ends without finishing it
	(rq.worker.Worker.handle_job_failure, which monitor_work_horse calls after a kill)."""
	with q.connection.pipeline() as pipeline:
		job.set_status(JobStatus.FAILED, pipeline=pipeline)
		StartedJobRegistry(queue=q).remove(job, pipeline=pipeline)
		job._handle_failure(how, pipeline=pipeline)
		pipeline.execute()


def rerun_of(job) -> bool:
	job.refresh()
	return bool(job.meta.get(killed_jobs.RERUN))


def test_an_app_job_whose_work_horse_was_killed_runs_once_more(jobs):
	q, job = jobs()
	dies(q, job)
	assert job.id in killed_jobs.rerun_killed_jobs()
	assert job.id not in FailedJobRegistry(queue=q).get_job_ids()
	# back on its queue (or already taken by a worker of this bench, which finds nothing to do)
	assert job.get_status(refresh=True) in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.FINISHED)
	assert rerun_of(job)
	# it dies again: not a third run; it stays failed for a person to look at
	dies(q, job)
	assert job.id not in killed_jobs.rerun_killed_jobs()
	assert job.id in FailedJobRegistry(queue=q).get_job_ids()


def test_a_job_abandoned_with_its_worker_runs_once_more(jobs):
	q, job = jobs()
	# the worker vanished with the job: its entry in the started registry expired, no heartbeat
	StartedJobRegistry(queue=q).add(job, ttl=0)  # expires now
	assert job.id in killed_jobs.rerun_killed_jobs()
	assert rerun_of(job)
	assert job.id not in StartedJobRegistry(queue=q).get_job_ids()


def test_an_app_scheduled_job_killed_runs_once_more(jobs):
	q, job = jobs(
		killed_jobs.SCHEDULED, queue="default", job_type="bppm_app.engine.quality.flag_overdue_complaints"
	)
	dies(q, job)
	assert job.id in killed_jobs.rerun_killed_jobs()


@pytest.mark.parametrize(
	"method, of_site, how",
	[
		(HARMLESS, None, RAISED),  # it raised: a bug or bad data, not a death; a person reads it
		("frappe.email.queue.flush", None, KILLED),  # Frappe's own: not ours to say it may run twice
		(killed_jobs.SCHEDULED, None, KILLED),  # a scheduled job of Frappe's (job_type below)
		(HARMLESS, "another-site.localhost", KILLED),  # another site's, for that site's scheduler
	],
)
def test_other_failures_are_left_as_they_failed(jobs, method, of_site, how):
	args = {"job_type": "frappe.deferred_insert.save_to_db"} if method == killed_jobs.SCHEDULED else {}
	q, job = jobs(method, site=of_site, queue="default", **args)
	dies(q, job, how)
	assert job.id not in killed_jobs.rerun_killed_jobs()
	assert job.id in FailedJobRegistry(queue=q).get_job_ids()
	assert not rerun_of(job)
