"""The production stack of ``scripts/production`` as the resilience tier sees it: its ports and
state folder (the script's defaults and settings), its site's databases read directly, its parts
started and stopped through the script, and HTTP through its nginx.

Nothing here imports Frappe: the tier talks to the stack over HTTP and SQL, as its clients and
its operators do."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pymysql
import requests

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "production"
BENCH = Path(os.environ.get("BPPM_BENCH", "~/frappe-bench")).expanduser()
PROD = Path(os.environ.get("BPPM_PROD_DIR") or f"{BENCH}-prod")
SITE = os.environ.get("BPPM_PROD_SITE", "bppm-prod.localhost")
HTTP_PORT = int(os.environ.get("BPPM_PROD_PORT", "8090"))
WEB_PORTS = (HTTP_PORT + 1, HTTP_PORT + 2)
CACHE_PORT = int(os.environ.get("BPPM_PROD_REDIS_CACHE", "13000"))
QUEUE_PORT = int(os.environ.get("BPPM_PROD_REDIS_QUEUE", "11000"))
DB_PORT = int(os.environ.get("BPPM_PROD_DB_PORT", "3307"))
REPLICA_PORT = DB_PORT + 1
BASE = f"http://127.0.0.1:{HTTP_PORT}"
PARTS = (
	"nginx",
	"web-1",
	"web-2",
	"socketio",
	"worker-short",
	"worker-long",
	"scheduler",
	"redis-cache",
	"redis-queue",
	"mariadb-primary",
	"mariadb-replica",
)
ADMIN_PASSWORD = os.environ.get("BPPM_ADMIN_PASSWORD", "admin")
DEMO_PASSWORD = os.environ.get("BPPM_DEMO_PASSWORD", "bppm-demo-2026")


def script(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
	"""Run scripts/production with the arguments; raises with its output when it fails."""
	result = subprocess.run(
		[str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, cwd=REPO, check=False
	)
	if result.returncode != 0:
		raise AssertionError(
			f"scripts/production {' '.join(args)} failed ({result.returncode}):\n"
			f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
		)
	return result


def is_running() -> bool:
	"""Whether any part of the stack runs (--status answers 0)."""
	return (
		subprocess.run([str(SCRIPT), "--status"], capture_output=True, cwd=REPO, check=False).returncode == 0
	)


def pid(part: str) -> int | None:
	try:
		value = int((PROD / "run" / f"{part}.pid").read_text().strip())
	except (OSError, ValueError):
		return None
	try:
		state = Path(f"/proc/{value}/stat").read_text().rsplit(")", 1)[1].split()[0]
	except OSError:
		return None
	return None if state == "Z" else value  # a zombie (killed, not yet reaped) is not running


def kill(part: str, sig: int = signal.SIGKILL) -> int:
	"""Send a signal to one part (its whole process group: gunicorn's workers die with it)."""
	value = pid(part)
	assert value, f"{part} is not running"
	os.killpg(value, sig)
	return value


def site_config() -> dict:
	return json.loads((PROD / "bench" / "sites" / SITE / "site_config.json").read_text())


def db(replica: bool = False, autocommit: bool = True) -> pymysql.connections.Connection:
	"""A connection to the site's database, on the primary or the replica, as the site's user."""
	conf = site_config()
	return pymysql.connect(
		host="127.0.0.1",
		port=REPLICA_PORT if replica else DB_PORT,
		user=conf["db_name"],
		password=conf["db_password"],
		database=conf["db_name"],
		autocommit=autocommit,
		charset="utf8mb4",
	)


def sql(query: str, args=None, replica: bool = False) -> list[tuple]:
	connection = db(replica)
	try:
		with connection.cursor() as cursor:
			cursor.execute(query, args)
			return list(cursor.fetchall())
	finally:
		connection.close()


def replica_sql(query: str) -> list[dict]:
	"""A statement as the replica's root (replication control), over its socket."""
	result = subprocess.run(
		[
			"mariadb",
			"--no-defaults",
			"-S",
			str(PROD / "mariadb" / "replica.sock"),
			"-u",
			"root",
			"-E",
			"-e",
			query,
		],
		capture_output=True,
		text=True,
		check=True,
	)
	rows, row = [], {}
	for line in result.stdout.splitlines():
		if line.startswith("*****"):
			if row:
				rows.append(row)
			row = {}
		elif ":" in line:
			key, _, value = line.partition(":")
			row[key.strip()] = value.strip()
	if row:
		rows.append(row)
	return rows


def wait_replica_caught_up(timeout: float = 60) -> None:
	"""Until the replica has applied everything the primary has written (GTID positions equal)."""
	deadline = time.monotonic() + timeout
	primary = sql("select @@gtid_binlog_pos")[0][0]
	while time.monotonic() < deadline:
		if _covers(sql("select @@gtid_slave_pos", replica=True)[0][0], primary):
			return
		time.sleep(0.2)
	raise AssertionError(f"the replica did not catch up with {primary} in {timeout} s")


def _covers(replica_pos: str, primary_pos: str) -> bool:
	def seqs(pos):
		out = {}
		for part in filter(None, pos.split(",")):
			domain, server, seq = part.strip().split("-")
			out[(domain, server)] = int(seq)
		return out

	have = seqs(replica_pos)
	return all(have.get(key, -1) >= seq for key, seq in seqs(primary_pos).items())


def session(user: str = "Administrator", password: str | None = None) -> requests.Session:
	"""A logged-in session through nginx (the session lives in Redis and MariaDB, not in a gunicorn)."""
	client = requests.Session()
	client.headers["Host"] = SITE
	client.headers["Accept"] = "application/json"
	response = client.post(
		f"{BASE}/api/method/login",
		data={"usr": user, "pwd": password or (ADMIN_PASSWORD if user == "Administrator" else DEMO_PASSWORD)},
		timeout=60,
	)
	assert response.status_code == 200, f"login as {user}: {response.status_code} {response.text[:300]}"
	return client


def get(path: str, **kwargs) -> requests.Response:
	headers = {"Host": SITE, **kwargs.pop("headers", {})}
	return requests.get(f"{BASE}{path}", headers=headers, timeout=kwargs.pop("timeout", 60), **kwargs)


DB_PASSWORD = os.environ.get("BPPM_PROD_DB_PASSWORD", "bppm-prod-root")


def bench(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
	"""Frappe's CLI in the stack's bench folder (what ``bench …`` runs there); raises when it fails."""
	result = subprocess.run(
		[str(BENCH / "env" / "bin" / "python"), "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=PROD / "bench" / "sites",
		env={**os.environ, "FRAPPE_BENCH_ROOT": str(PROD / "bench"), "PYTHONPATH": str(REPO)},
		capture_output=True,
		text=True,
		timeout=timeout,
		check=False,
	)
	if result.returncode != 0:
		raise AssertionError(
			f"bench {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
		)
	return result


def root_sql(query: str, database: str | None = None) -> list[tuple]:
	"""A statement as the primary's root (another site's database, schema questions)."""
	connection = pymysql.connect(
		host="127.0.0.1", port=DB_PORT, user="root", password=DB_PASSWORD, database=database, autocommit=True
	)
	try:
		with connection.cursor() as cursor:
			cursor.execute(query)
			return list(cursor.fetchall())
	finally:
		connection.close()
