"""The restore time at a province's size (``scripts/bench --restore``): the benchmark site seeded to
10N applications (a million by default), backed up with ``bench backup --with-files`` and restored
to a new site by the office's routine (docs/deployment.md, "Backups and restore"): ``new-site
--source-sql``, the file archives, the site's keys, ``migrate``. Prints each step's time, the
dump's size and the restored site's counts, which must equal the source's. The restored site is
dropped afterwards (its database too); the benchmark site keeps its data for the next run."""

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import frappe

from benchmarks import seed

RESTORED = "bppm-bench-restore.localhost"
COUNTED = ("Permit Application", "Permit Application Stage", "Applicant", "Investment", "Investment Report")


def _bench(bench: str, *args: str) -> None:
	"""One ``bench`` command on this bench, from its sites folder, as scripts/lib.sh runs them."""
	cmd = [f"{bench}/env/bin/python", "-m", "frappe.utils.bench_helper", "frappe", *args]
	# a root password asked for on the terminal is answered with the empty one of the development machine
	subprocess.run(cmd, cwd=f"{bench}/sites", check=True, stdout=subprocess.DEVNULL, input=b"\n")


def _latest(folder: Path, suffix: str) -> Path:
	return max(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime)


def _counts(db: str) -> dict[str, int]:
	"""Rows per seeded DocType in database ``db``, read as MariaDB's root (a site's own database user
	reads only its own database)."""
	import pymysql

	connection = pymysql.connect(
		host=frappe.conf.db_host or "127.0.0.1",
		port=int(frappe.conf.db_port or 3306),
		user=os.environ.get("BPPM_DB_ROOT_USER", "root"),
		password=os.environ.get("BPPM_DB_ROOT_PASSWORD", ""),
		database=db,
	)
	try:
		with connection.cursor() as cursor:
			counts = {}
			for doctype in COUNTED:
				cursor.execute(f"select count(*) from `tab{doctype}`")
				counts[doctype] = cursor.fetchone()[0]
			return counts
	finally:
		connection.close()


def _timed(say, label: str, fn) -> float:
	began = time.monotonic()
	fn()
	seconds = time.monotonic() - began
	say(f"  {label:<44} {seconds:8.0f} s")
	return seconds


def measure(bench: str, applications: int, say) -> dict:
	"""Seed up to ``applications`` (kept when the site already holds them), back up, restore, compare."""
	site = frappe.local.site
	have = frappe.db.count("Permit Application", {"name": ("like", f"{seed.PREFIX}%")})
	if have != applications:
		print(f"[bench] seeding {applications:,} applications for the restore", file=sys.stderr, flush=True)
		seed.wipe(site)
		step = 100_000
		for offset in range(0, applications, step):
			seed.seed(min(step, applications - offset), offset=offset)
	source_db = frappe.conf.db_name
	before = _counts(source_db)
	frappe.db.commit()  # nothing open while the dump reads the tables
	backups = Path(bench) / "sites" / site / "private" / "backups"
	say(f"Backup and restore of {site}: {before['Permit Application']:,} applications")
	total = {}
	total["backup"] = _timed(
		say, "bench backup --with-files", lambda: _bench(bench, "--site", site, "backup", "--with-files")
	)
	dump = _latest(backups, "-database.sql.gz")
	public, private = _latest(backups, "-files.tar"), _latest(backups, "-private-files.tar")
	config = json.loads(_latest(backups, "-site_config_backup.json").read_text())
	with gzip.open(dump, "rb") as f:
		unpacked = sum(len(chunk) for chunk in iter(lambda: f.read(1 << 24), b""))
	say(f"  dump {dump.stat().st_size / 1024**2:,.0f} MB as .sql.gz ({unpacked / 1024**3:,.1f} GB of SQL)")

	folder = Path(bench) / "sites" / RESTORED
	if folder.exists():
		_bench(bench, "drop-site", RESTORED, "--force", "--no-backup", "--db-root-password", "")

	def new_site():
		_bench(
			bench, "new-site", RESTORED, "--source-sql", str(dump), "--db-host", frappe.conf.db_host or "127.0.0.1",
			"--db-root-username", "root", "--db-root-password", os.environ.get("BPPM_DB_ROOT_PASSWORD", ""),
			"--admin-password", "admin",
		)  # fmt: skip

	def files_and_keys():
		for tar in (public, private):
			# what `bench restore --with-public-files/--with-private-files` does
			subprocess.run(["tar", "xf", str(tar), "--strip", "2", "-C", str(folder)], check=True)
		restored = json.loads((folder / "site_config.json").read_text())
		restored.update({k: v for k, v in config.items() if not k.startswith("db_") and k != "host_name"})
		(folder / "site_config.json").write_text(json.dumps(restored, indent=1))

	total["load"] = _timed(say, "new-site --source-sql (loads the dump)", new_site)
	total["files"] = _timed(say, "file archives and the site's keys", files_and_keys)
	total["migrate"] = _timed(
		say, "migrate", lambda: _bench(bench, "--site", RESTORED, "migrate", "--skip-search-index")
	)
	restored_db = json.loads((folder / "site_config.json").read_text())["db_name"]
	after = _counts(restored_db)
	say(f"  {'restore in all':<44} {total['load'] + total['files'] + total['migrate']:8.0f} s")
	say(
		f"  counts equal after the restore: {after == before} ({', '.join(f'{k} {v:,}' for k, v in after.items())})"
	)
	_bench(bench, "drop-site", RESTORED, "--force", "--no-backup", "--db-root-password", "")
	for path in (dump, public, private):
		path.unlink(missing_ok=True)
	if after != before:
		raise SystemExit(f"the restored site differs: {before} != {after}")
	return total
