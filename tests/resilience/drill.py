"""The fault drill on the production stack: a bounded loopback load (counter clerks submitting
applications over HTTP, the bank sending payment notices, guests tracking) while one part of the
stack is killed or restarted at a time, then the "nothing lost" invariants read from the database.

Used by tests/resilience/test_drill.py (small) and ``scripts/production --drill`` (the table)."""

import hashlib
import hmac
import http.client
import json
import os
import secrets
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

from tests.resilience import stack

SIGNATURE_HEADER = "X-BPPM-Signature"


@dataclass
class Result:
	at: float
	kind: str
	ok: bool
	status: int  # 0: no answer (connection refused or reset, timeout)
	detail: str = ""


@dataclass
class Fault:
	name: str
	what: str
	inject: object  # callable: breaks the part
	recover: object  # callable: brings it back (what supervisor or an operator does)
	probe: object = None  # callable -> bool: the part serves again


@dataclass
class Figures:
	fault: str
	requests: int = 0
	failed: int = 0
	recovery: float = 0.0
	failures: dict = field(default_factory=dict)
	collateral: list = field(default_factory=list)  # other parts that died with the fault


def prepare(awaiting: int) -> dict:
	"""The drill's records on the stack's site (drill_setup.py in the stack's bench)."""
	return on_site(stack.SITE, "prepare", str(awaiting))


def on_site(site: str, *args: str) -> dict:
	"""drill_setup.py on a site of the stack's bench: its JSON answer."""
	env = {**os.environ, "FRAPPE_BENCH_ROOT": str(stack.PROD / "bench"), "PYTHONPATH": str(stack.REPO)}
	result = subprocess.run(
		[
			str(stack.BENCH / "env" / "bin" / "python"),
			str(stack.REPO / "tests" / "resilience" / "drill_setup.py"),
			site,
			*args,
		],
		cwd=stack.PROD / "bench" / "sites",
		env=env,
		capture_output=True,
		text=True,
		timeout=600,
		check=False,
	)
	for line in result.stdout.splitlines():
		if line.startswith("DRILL-SETUP "):
			return json.loads(line[len("DRILL-SETUP ") :])
	raise AssertionError(f"the drill's setup failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")


def _request(method, path, body=None, headers=None, source="127.0.0.1", cookie=None, timeout=30, port=None):
	"""One HTTP request through nginx (or straight to the backend on ``port``) from a loopback
	address; (status, body, cookies) or (0, error, None)."""
	connection = http.client.HTTPConnection(
		"127.0.0.1", port or stack.HTTP_PORT, timeout=timeout, source_address=(source, 0)
	)
	headers = {"Host": stack.SITE, "Accept": "application/json", **(headers or {})}
	if cookie:
		headers["Cookie"] = cookie
	try:
		connection.request(method, path, body=body, headers=headers)
		response = connection.getresponse()
		return response.status, response.read(), response.msg.get_all("Set-Cookie") or []
	except (OSError, http.client.HTTPException) as error:
		return 0, repr(error).encode(), None
	finally:
		connection.close()


def notice(secret: str, code: str, amount: int, reference: str) -> tuple[int, bytes]:
	"""One signed payment notice from the bank, through nginx: (status, body)."""
	body = json.dumps(
		{
			"payment_code": code,
			"amount": amount,
			"paid_at": "2026-03-16T10:15:00+08:00",
			"bank_reference": reference,
			"bank": "Bank Kaltimtara",
		}
	).encode()
	signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
	status, text, _ = _request(
		"POST",
		"/api/method/bppm_app.api.payment_notification",
		body,
		{"Content-Type": "application/json", SIGNATURE_HEADER: signature},
	)
	return status, text


class Load:
	"""The clients, each a thread at a fixed pace until stopped."""

	def __init__(self, setup: dict, run: str):
		self.setup = setup
		self.run = run
		self.results: list[Result] = []
		self.submitted: dict[str, str] = {}  # subject -> name, for every 2xx answer
		self.attempted: list[str] = []
		self.paid: dict[str, int] = {}  # bank reference -> 200 answers
		self.notices: dict[str, str] = {}  # payment code -> its one bank reference
		self.tracked: list[tuple[str, str]] = []
		self._stop = threading.Event()
		self._lock = threading.Lock()
		self._threads: list[threading.Thread] = []
		self._counter = 0
		self._waiting = list(setup["awaiting"])
		self.cookie = self._login(setup["clerk"], stack.DEMO_PASSWORD)

	def _login(self, user, password):
		body = json.dumps({"usr": user, "pwd": password}).encode()
		status, text, cookie = _request(
			"POST", "/api/method/login", body, {"Content-Type": "application/json"}
		)
		assert status == 200, (status, text[:300])
		return "; ".join(header.split(";")[0] for header in cookie)

	def record(self, kind, status, detail=""):
		with self._lock:
			self.results.append(Result(time.monotonic(), kind, 200 <= status < 300, status, detail))

	def start(self, clerks=2, guests=2):
		for i in range(clerks):
			self._spawn(self._clerk, i)
		self._spawn(self._bank, 0)
		for i in range(guests):
			self._spawn(self._guest, i)

	def _spawn(self, target, index):
		thread = threading.Thread(target=target, args=(index,), daemon=True)
		thread.start()
		self._threads.append(thread)

	def stop(self):
		self._stop.set()
		for thread in self._threads:
			thread.join(timeout=60)

	def _clerk(self, index, pace=0.5):
		while not self._stop.is_set():
			with self._lock:
				self._counter += 1
				subject = f"DRILL {self.run} {self._counter:05d}"
				self.attempted.append(subject)
			payload = {
				"applicant": self.setup["applicant"],
				"permit_type": self.setup["permit_type"],
				"subject": subject,
				"location_address": "Jl. Ahmad Yani No. 1",
				"kecamatan": "Bontang Utara",
				"quantity": 10,
			}
			status, body, _ = _request(
				"POST",
				"/api/resource/Permit%20Application",
				json.dumps(payload).encode(),
				{"Content-Type": "application/json"},
				cookie=self.cookie,
			)
			if 200 <= status < 300:
				data = json.loads(body)["data"]
				with self._lock:
					self.submitted[subject] = data["name"]
					self.tracked.append((data["name"], data.get("tracking_pin") or ""))
			self.record(
				"clerk", status, body[:200].decode(errors="replace") if status >= 300 or not status else ""
			)
			self._stop.wait(pace)

	def _bank(self, _index, pace=1.0):
		"""One notice a second: a new payment while any application waits, else a repeat of an earlier
		notice (a bank that did not see the answer sends it again)."""
		while not self._stop.is_set():
			with self._lock:
				if self._waiting:
					item = self._waiting[0]
					reference = self.notices.setdefault(
						item["code"], f"DRILL{self.run}{secrets.token_hex(4).upper()}"
					)
				elif self.notices:
					item = None
					code, reference = secrets.choice(sorted(self.notices.items()))
				else:
					item = None
					reference = None
			if reference:
				code = item["code"] if item else code
				status, text = notice(self.setup["secret"], code, self.setup["levy"], reference)
				if status == 200:
					with self._lock:
						self.paid[reference] = self.paid.get(reference, 0) + 1
						if item and self._waiting and self._waiting[0] is item:
							self._waiting.pop(0)
				self.record("bank", status, text[:200].decode(errors="replace") if status != 200 else "")
			self._stop.wait(pace)

	def _guest(self, index, pace=7.0):
		"""A guest tracks an application (at most 10 a minute per address: each guest has its own)."""
		source = f"127.0.0.{10 + index}"
		while not self._stop.is_set():
			with self._lock:
				pair = secrets.choice(self.tracked) if self.tracked else None
			if pair:
				query = f"registration_number={pair[0]}&pin={pair[1]}"
				status, body, _ = _request(
					"GET", f"/api/method/bppm_app.api.track_application?{query}", source=source
				)
				found = status == 200 and json.loads(body)["message"].get("found")
				self.record(
					"guest",
					status if found or status != 200 else 599,
					"" if found else body[:200].decode(errors="replace"),
				)
			self._stop.wait(pace)


def _restart(part):
	return lambda: stack.script("--restart", part, timeout=300)


def _kill_and_start(part, delay=1.0):
	def inject():
		stack.kill(part, signal.SIGKILL)

	def recover():
		time.sleep(delay)  # supervisor's autorestart notices and starts it again
		stack.script("--start", part, timeout=300)

	return inject, recover


def _pinged(port):
	def probe():
		try:
			return stack.requests.get(
				f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": stack.SITE}, timeout=5
			).ok
		except stack.requests.RequestException:
			return False

	return probe


# what the issuance fault needs from the drill's set-up, and what it saw (filled by run())
ISSUANCE: dict = {}


def _kill_during_issuance(delay: float = 0.4) -> None:
	"""The head approves a file on web-1 (the permit numbered, rendered and signed within that
	request), and web-1 is killed while it works on it."""
	port, setup = stack.WEB_PORTS[0], ISSUANCE["setup"]
	body = json.dumps({"usr": setup["head"], "pwd": stack.DEMO_PASSWORD}).encode()
	status, text, cookies = _request(
		"POST", "/api/method/login", body, {"Content-Type": "application/json"}, port=port
	)
	assert status == 200, (status, text[:300])
	cookie = "; ".join(header.split(";")[0] for header in cookies or [])
	answer = {}

	def approve():
		doc = json.dumps({"doctype": "Permit Application", "name": setup["approval"]})
		payload = json.dumps({"doc": doc, "action": "Approve"}).encode()
		answer["status"], answer["body"], _ = _request(
			"POST",
			"/api/method/frappe.model.workflow.apply_workflow",
			payload,
			{"Content-Type": "application/json"},
			cookie=cookie,
			timeout=60,
			port=port,
		)

	thread = threading.Thread(target=approve, daemon=True)
	thread.start()
	time.sleep(delay)
	stack.kill("web-1", signal.SIGKILL)
	thread.join(timeout=60)
	ISSUANCE["answer"] = answer.get("status", 0)


def faults() -> list[Fault]:
	web_kill, web_start = _kill_and_start("web-1")
	worker_kill, worker_start = _kill_and_start("worker-short")
	scheduler_kill, scheduler_start = _kill_and_start("scheduler")
	return [
		Fault(
			"gunicorn backend",
			"kill -9 of web-1 (master and workers)",
			web_kill,
			web_start,
			_pinged(stack.WEB_PORTS[0]),
		),
		Fault(
			"issuance",
			"kill -9 of web-1 while the head's approval numbers, renders and signs a permit on it",
			_kill_during_issuance,
			web_start,
			_pinged(stack.WEB_PORTS[0]),
		),
		Fault(
			"RQ worker",
			"kill -9 of the short/default worker",
			worker_kill,
			worker_start,
			lambda: bool(stack.pid("worker-short")),
		),
		Fault(
			"scheduler",
			"kill -9 of the scheduler",
			scheduler_kill,
			scheduler_start,
			lambda: bool(stack.pid("scheduler")),
		),
		Fault(
			"Redis cache", "restart (empty afterwards: no persistence)", lambda: None, _restart("redis-cache")
		),
		Fault("Redis queue", "restart (AOF: jobs kept)", lambda: None, _restart("redis-queue")),
		Fault(
			"MariaDB primary", "restart (clean shutdown, start)", lambda: None, _restart("mariadb-primary")
		),
	]


def _serving() -> bool:
	"""Every part runs, both backends answer through nginx and the database takes a read."""
	if not all(stack.pid(part) for part in stack.PARTS):
		return False
	try:
		return all(stack.get("/api/method/ping", timeout=5).ok for _ in range(4)) and bool(
			stack.sql("select 1")
		)
	except Exception:
		return False


def run(size: int = 1, settle: float = 6.0, selected: list[str] | None = None) -> tuple[list[Figures], Load]:
	"""The drill: load, then each fault in turn (inject, recover, settle), then the load stops.
	``size`` scales the load: 2 × size clerks (a submission every 0.5 s each), 2 × size guests (a
	tracking every 7 s each, from their own loopback address), size applications waiting for the
	bank per fault (a notice a second, repeats once all are paid)."""
	chosen = [f for f in faults() if not selected or f.name in selected]
	setup = prepare(size * len(chosen) + 1)
	ISSUANCE.clear()
	ISSUANCE["setup"] = setup
	load = Load(setup, run=secrets.token_hex(3).upper())
	load.start(clerks=2 * size, guests=2 * size)
	figures = []
	try:
		time.sleep(settle)
		for fault in chosen:
			began = time.monotonic()
			fault.inject()
			fault.recover()
			# anything else that died with it is started again, as supervisor would
			collateral = [part for part in stack.PARTS if not stack.pid(part)]
			if collateral:
				stack.script("--start", timeout=300)
			deadline = began + 300
			while time.monotonic() < deadline and not ((fault.probe or (lambda: True))() and _serving()):
				time.sleep(0.2)
			recovered = time.monotonic()
			time.sleep(settle)
			window = [r for r in load.results if began <= r.at < time.monotonic()]
			failures = {}
			for r in window:
				if not r.ok:
					key = f"{r.kind} {r.status or 'no answer'}"
					failures[key] = failures.get(key, 0) + 1
			figures.append(
				Figures(
					fault.name,
					len(window),
					sum(not r.ok for r in window),
					recovered - began,
					failures,
					collateral,
				)
			)
	finally:
		load.stop()
	return figures, load


def invariants(load: Load) -> dict:
	"""What the database holds after the drill, against what the clients were told."""
	stack.wait_replica_caught_up(timeout=120)
	like = f"DRILL {load.run} %"
	rows = stack.sql("select subject, name from `tabPermit Application` where subject like %s", (like,))
	by_subject = {}
	for subject, name in rows:
		by_subject.setdefault(subject, []).append(name)
	lost = [s for s in load.submitted if s not in by_subject]
	duplicated = [s for s, names in by_subject.items() if len(names) > 1]
	mismatched = [s for s, name in load.submitted.items() if s in by_subject and by_subject[s] != [name]]
	unanswered = [s for s in by_subject if s not in load.submitted]  # committed, but the clerk saw no 2xx
	payments = dict(
		stack.sql(
			"select bank_reference, count(*) from `tabLevy Payment` where bank_reference like %s group by bank_reference",
			(f"DRILL{load.run}%",),
		)
	)
	payments_wrong = {ref: payments.get(ref, 0) for ref in load.paid if payments.get(ref, 0) != 1}
	duplicate_numbers = stack.sql(
		"""select count(*) from (
			select permit_number from `tabPermit Application` where ifnull(permit_number, '') != ''
			group by permit_number having count(*) > 1
			union all
			select skrd_number from `tabPermit Application` where ifnull(skrd_number, '') != ''
			group by skrd_number having count(*) > 1) d"""
	)[0][0]
	half_issued = stack.sql(
		"""select count(*) from `tabPermit Application` where workflow_state = 'Issued'
		and (ifnull(permit_number, '') = '' or ifnull(signed_permit, '') = ''
			or ifnull(signed_permit_sha256, '') = '')"""
	)[0][0]
	issuance = None
	if "answer" in ISSUANCE:
		name = ISSUANCE["setup"]["approval"]
		state, number, signed, digest = stack.sql(
			"""select workflow_state, ifnull(permit_number, ''), ifnull(signed_permit, ''),
			ifnull(signed_permit_sha256, '') from `tabPermit Application` where name = %s""",
			(name,),
		)[0]
		files = (
			stack.sql("select count(*) from `tabFile` where file_url = %s", (signed,))[0][0] if signed else 0
		)
		if state == "Issued" and number and signed and digest and files:
			issuance = "issued whole"
		elif state == "Awaiting Approval" and not (number or signed or digest):
			issuance = "left awaiting approval, nothing issued"
		else:
			issuance = f"half: {state} number={number!r} signed={signed!r} files={files}"
		issuance += f" (the head saw {ISSUANCE['answer'] or 'no answer'})"
	replica_rows = stack.sql(
		"select count(*) from `tabPermit Application` where subject like %s", (like,), replica=True
	)[0][0]
	return {
		"answered_2xx": len(load.submitted),
		"attempted": len(load.attempted),
		"lost": lost,
		"duplicated": duplicated,
		"mismatched": mismatched,
		"committed_without_2xx": len(unanswered),
		"notices_answered_200": len(load.paid),
		"payments_not_one": payments_wrong,
		"duplicate_numbers": duplicate_numbers,
		"half_issued": half_issued,
		"issuance": issuance,
		"replica_rows": replica_rows,
		"primary_rows": len(rows),
	}


def table(figures: list[Figures]) -> str:
	lines = [
		"| fault | requests during fault + recovery | failed | recovery (s) | what failed | also died |",
		"| --- | ---: | ---: | ---: | --- | --- |",
	]
	for f in figures:
		what = ", ".join(f"{k}: {v}" for k, v in sorted(f.failures.items())) or "–"
		died = ", ".join(f.collateral) or "–"
		lines.append(f"| {f.fault} | {f.requests} | {f.failed} | {f.recovery:.1f} | {what} | {died} |")
	return "\n".join(lines)
