"""The benchmark: ``scripts/bench`` (see README). Runs on the throwaway site ``bppm-bench.localhost``
of the bench, never on a site with data anyone keeps.

1. Seeds N applications (bulk INSERTs: applicants, applications with three stage rows each, one
   investment per 20 applications with four LKPM reports), times every report, the daily SLA
   refresh; seeds 9N more and does it again at 10N, with the hand-written SQL next to each report.
2. The jobs at 10N: a holiday next month, the LKPM reminder, the expiry reminder.
3. Create + Submit against a same-shaped DocType with no app code.
4. The public pages against ping, with gunicorn (2 workers) and wrk on loopback.

``--restore`` instead times a backup of the site at 10N restored to a new site (benchmarks/restore.py).

Prints one table of ratios, and writes it to the file given with ``--output``.
"""

import argparse
import datetime as dt
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import frappe

from benchmarks import jobs, pages, reports, restore, seed, site, transactions


def machine() -> str:
	cpu = ""
	try:
		with open("/proc/cpuinfo") as f:
			cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
	except (OSError, StopIteration):
		cpu = platform.processor()
	mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
	version = frappe.db.sql("select version()")[0][0]
	pool = int(frappe.db.sql("select @@innodb_buffer_pool_size")[0][0]) // 1024**2
	load = os.getloadavg()[0]
	return (
		f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, MariaDB {version} (buffer pool {pool} MB), "
		f"Python {platform.python_version()}, load average {load:.1f} at the start"
	)


def row(*cells, widths=(34, 9, 9, 7, 12, 10, 8)) -> str:
	out = []
	for cell, width in zip(cells, widths, strict=False):
		out.append(f"{cell:<{width}}" if not out else f"{cell:>{width}}")
	return " ".join(out)


def fmt(value, digits=2) -> str:
	return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument(
		"--n", type=int, default=100_000, help="applications in the small data set (10N: large)"
	)
	parser.add_argument("--skip-pages", action="store_true")
	parser.add_argument("--skip-transactions", action="store_true")
	parser.add_argument("--bench", default=os.environ.get("BPPM_BENCH", os.path.expanduser("~/frappe-bench")))
	parser.add_argument("--output")
	parser.add_argument("--page-seconds", type=int, default=6)
	parser.add_argument(
		"--restore", action="store_true", help="only the backup and restore of the site seeded to 10N"
	)
	args = parser.parse_args()
	n = args.n
	lines = []

	def say(text=""):
		print(text, flush=True)
		lines.append(text)

	if args.restore:
		with site.connected():
			say(f"bppm_app restore benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}, site {frappe.local.site}")
			say(machine())
			restore.measure(args.bench, 10 * n, say)
		if args.output:
			with open(args.output, "w") as f:
				f.write("\n".join(lines) + "\n")
		return

	with site.connected():
		frappe.flags.bppm_inline_jobs = True  # the benchmark runs the long-queue batches itself
		# Frappe switches a report that once ran over 15 s to a prepared report; time them live
		frappe.db.sql("update `tabReport` set prepared_report = 0 where module = 'BPPM'")
		frappe.db.commit()  # the benchmark's own site
		today = frappe.utils.getdate()
		say(f"bppm_app benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}, site {frappe.local.site}")
		say(machine())
		print(f"[bench] seeding N = {n:,} applications", file=sys.stderr, flush=True)
		seed.wipe(frappe.local.site)
		seed.seed(n)
		small = reports.time_reports(today)
		_first, jobs_small = jobs.refreshes()
		print(f"[bench] seeding up to 10N = {10 * n:,}", file=sys.stderr, flush=True)
		sizes = seed.seed(9 * n, offset=n)
		large = reports.time_reports(today)
		large_code = reports.time_reports(today, reports.execute)
		hand = reports.time_hand_sql(today)
		span = reports.time_whole_span(today)
		print("[bench] jobs at 10N", file=sys.stderr, flush=True)
		jobs_large = jobs.all_jobs()
		say()
		say(
			f"Data at 10N: {sizes['applications']:,} applications, {sizes['stages']:,} stage rows, "
			f"{sizes['investments']:,} investments, {sizes['lkpm_reports']:,} LKPM reports "
			f"(N = {n:,}; applications over three years, 20 % of them open)."
		)
		say()
		say("Reports at N and 10N as the desk runs them; at 10N also the report's own code (execute)")
		say("and the hand-written SQL for the same figures (Administrator, the last 12 months / this")
		say("year, best of 3)")
		say(row("report", "N (s)", "10N (s)", "10N/N", "execute (s)", "hand (s)", "vs hand"))
		for label in large:
			say(
				row(
					label,
					fmt(small[label]),
					fmt(large[label]),
					fmt(large[label] / max(small[label], 1e-6), 1),
					fmt(large_code[label]),
					fmt(hand[label]),
					fmt(large_code[label] / max(hand[label], 1e-6)),
				)
			)
		for label, seconds in span.items():
			say(row(label, "", fmt(seconds), "", "", "", ""))
		say()
		say("Jobs")
		daily = jobs_large["daily"]
		say(row("SLA refresh, per 10k open", "N (s)", "10N (s)", "10N/N", "", "", widths=(34, 11, 11, 9)))
		say(
			row(
				f"  {jobs_small['open']:,} / {daily['open']:,} open",
				fmt(jobs_small["per_10k"]),
				fmt(daily["per_10k"]),
				fmt(daily["per_10k"] / max(jobs_small["per_10k"], 1e-6), 1),
				widths=(34, 11, 11, 9),
			)
		)
		say(
			row(
				"  peak Python memory (MB)",
				fmt(jobs_small["peak_mb"], 1),
				fmt(daily["peak_mb"], 1),
				fmt(daily["peak_mb"] / max(jobs_small["peak_mb"], 1e-6), 1),
				widths=(34, 11, 11, 9),
			)
		)
		say(
			f"  whole refresh at 10N: {daily['seconds']:.0f} s for {daily['open']:,} open applications "
			f"in {daily['batches']} batches ({jobs_large['first']['seconds']:.0f} s for the first run after "
			f"seeding); {daily['alerts']:,} files crossed into At Risk/Overdue (alerts not timed)"
		)
		h = jobs_large["holiday"]
		say(
			f"Holiday added for {h['day']}: {h['affected']:,} of {h['open']:,} open applications recomputed "
			f"in {h['seconds']:.1f} s"
		)
		lk = jobs_large["lkpm"]
		say(
			f"LKPM reminder: {lk['owing']:,} of {lk['investments']:,} investments owe the last quarter, "
			f"found in {lk['selection_seconds']:.2f} s; {lk['per_reminder'] * 1000:.0f} ms per reminder sent"
		)
		ex = jobs_large["expiry"]
		say(
			f"Expiry reminder: {ex['today']:,} of {ex['permits']:,} issued permits due a reminder today, "
			f"found in {ex['seconds']:.2f} s"
		)
		if not args.skip_transactions:
			print("[bench] create + submit", file=sys.stderr, flush=True)
			t = transactions.measure()
			say()
			say("Create + Submit, median of {} (counter clerk, each committed)".format(t["iterations"]))
			say(row("", "app (ms)", "bare (ms)", "ratio", widths=(34, 11, 11, 9)))
			say(
				row(
					"Permit Application vs bare DocType",
					fmt(t["app"] * 1000, 0),
					fmt(t["bare"] * 1000, 0),
					fmt(t["ratio"]),
				)
			)
		if not args.skip_pages:
			code = frappe.db.get_value("Permit Type", {"is_active": 1, "is_published": 1}, "code")
			permit = frappe.db.get_value(
				"Permit Application", {"docstatus": 1, "decision": "Approved", "verification_code": ("is", "set")},
				"verification_code",
			)  # fmt: skip
			tracked = frappe.db.get_value(
				"Permit Application", {"docstatus": 0, "sla_clock": "Running"}, ["name", "tracking_pin"]
			)
			frappe.db.commit()
	if not args.skip_pages:
		print("[bench] pages", file=sys.stderr, flush=True)
		paths = {
			"/standards": "/standards",
			f"/standards/{code}": f"/standards/{code}",
			"/statistics": "/statistics",
			"/track (page)": "/track",
			"/verify/<code> (one record)": f"/verify/{permit}",
			"/login (Frappe, not cached)": "/login",
		}
		result = pages.measure(args.bench, site.site_name(), paths, tracked, seconds=args.page_seconds)
		say()
		say(
			f"Pages (gunicorn 2 workers, wrk 2 threads 8 connections {args.page_seconds} s a run, guests; "
			"each page right after a ping run, median of 3 rounds)"
		)
		say(row("page", "req/s", "vs ping", "non-2xx", widths=(34, 11, 11, 9)))
		for label, r in result.items():
			say(row(label, fmt(r["rps"], 0), fmt(r["ratio"]), str(r["errors"]), widths=(34, 11, 11, 9)))
	if args.output:
		with open(args.output, "w") as f:
			f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
	main()
