"""Opening the benchmark's site from a plain Python process (the bench's interpreter, run from the
bench's ``sites`` folder), the way ``bench --site SITE execute`` does."""

import contextlib
import os

import frappe

DEFAULT_SITE = "bppm-bench.localhost"


def site_name() -> str:
	return os.environ.get("BPPM_BENCH_SITE") or DEFAULT_SITE


@contextlib.contextmanager
def connected(site: str | None = None, user: str = "Administrator"):
	frappe.init(site=site or site_name(), sites_path=os.environ.get("BPPM_SITES_PATH", "."))
	frappe.connect()
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.destroy()
