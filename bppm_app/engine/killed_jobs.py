"""Background jobs whose process died get one more run.

RQ 1.15 (Frappe 15's) never runs a job again on its own: when a work-horse is killed (kill -9, the
kernel's OOM killer, a machine lost) its worker files the job as failed ("Work-horse terminated
unexpectedly"), and a job whose worker vanished with it is filed the same way once its heartbeat
expires ("AbandonedJobError"). Frappe's ``enqueue`` asks RQ for no retries. So every few minutes
the scheduler looks at the failed jobs of this site and puts back on their queue, once each, those
that *died* (not those that raised an error: those stay failed, with their traceback, for a
person to read), when the job is the app's own:

- jobs the app enqueues: SLA refresh batches (``engine.service_level.refresh_batch``), LKPM
  reminder batches (``engine.notifications.remind_lkpm``), an OSS application's outbox
  (``engine.oss_exchange.sync_application``);
- the app's scheduled jobs (``hooks.scheduler_events``), which Frappe runs as
  ``run_scheduled_job``.

Each of them does its work once however often it runs: a batch commits at its end or not at all,
and a second run finds nothing left to do (the SLA fields already current, the investments
already marked reminded, the OSS messages already sent). Frappe's own jobs and other apps' are
left alone: whether they may run twice is not ours to say.
"""

import warnings

import frappe
from frappe.utils.background_jobs import get_queue, get_queue_list, get_redis_conn
from rq.job import Job
from rq.registry import FailedJobRegistry, StartedJobRegistry

APP_PREFIX = "bppm_app."
SCHEDULED = "frappe.core.doctype.scheduled_job_type.scheduled_job_type.run_scheduled_job"
# how RQ 1.15 records a job whose process died (rq.worker.Worker.monitor_work_horse, and
# rq.registry.StartedJobRegistry.cleanup)
DIED = ("Work-horse terminated unexpectedly", "AbandonedJobError")
RERUN = "bppm_rerun"  # in the job's meta: it was given its one more run


def died(job: Job) -> bool:
	"""Whether the job failed because its process died, not because it raised."""
	with warnings.catch_warnings():
		# RQ 1.15 reads the failure from the job's last result, or from the job when it was filed
		# as abandoned (which writes no result): job.exc_info covers both, deprecated or not
		warnings.simplefilter("ignore", DeprecationWarning)
		text = job.exc_info or ""
	return any(sign in text for sign in DIED)


def ours(job: Job, site: str) -> bool:
	"""A job of this site whose method is the app's, directly or as a scheduled job."""
	args = job.kwargs or {}
	if args.get("site") != site:
		return False
	method = args.get("method")
	if method == SCHEDULED:
		job_type = (args.get("kwargs") or {}).get("job_type") or ""
		return job_type.startswith(APP_PREFIX)
	return isinstance(method, str) and method.startswith(APP_PREFIX)


def rerun_killed_jobs() -> list[str]:
	"""Scheduler (every five minutes): the app's jobs of this site that died, back on their queue
	once each. Returns their ids."""
	site, connection = frappe.local.site, get_redis_conn()
	rerun = []
	for name in get_queue_list():
		queue = get_queue(name)
		# RQ's own sweep, which its workers also run now and then: started jobs whose worker stopped
		# beating are filed as failed (abandoned)
		StartedJobRegistry(queue=queue).cleanup()
		failed = FailedJobRegistry(queue=queue)
		for job in Job.fetch_many(failed.get_job_ids(), connection=connection):
			if job is None or job.meta.get(RERUN) or not died(job) or not ours(job, site):
				continue
			job.meta[RERUN] = frappe.utils.now()
			job.save_meta()
			failed.requeue(job)
			rerun.append(job.id)
	if rerun:
		frappe.logger("bppm").warning(f"re-running jobs whose process died: {rerun}")
	return rerun
