"""Public pages against ``/api/method/ping``, side by side in one run: gunicorn with two workers
serving the benchmark site (as in production, behind nothing but loopback), and wrk hitting one
URL at a time with the same connections and duration. Guest requests; each carries its own
client address (X-Forwarded-For, as a reverse proxy sets it), so the per-IP rate limits of the
public pages count as they do for many visitors rather than refusing one busy client.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

RANDOM_CLIENT = """
math.randomseed(os.time())
request = function()
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format(nil)
end
"""
POST_TRACK = """
math.randomseed(os.time())
wrk.method = "POST"
wrk.body = "registration_number={number}&pin={pin}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format(nil)
end
"""


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class Server:
	"""gunicorn with two workers for the site, as production runs Frappe."""

	def __init__(self, bench: str, site: str, workers: int = 2):
		self.bench, self.site, self.workers = bench, site, workers
		self.port = free_port()
		self.process = None

	def __enter__(self):
		# the bench's interpreter running gunicorn (the script's own shebang may name another env)
		python = os.path.join(self.bench, "env", "bin", "python")
		self.log = open(os.path.join(tempfile.gettempdir(), f"bppm-bench-gunicorn-{self.port}.log"), "w")
		self.process = subprocess.Popen(
			[python, "-m", "gunicorn", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers), "-t", "120",
			 "--preload", "frappe.app:application"],
			cwd=os.path.join(self.bench, "sites"),
			stdout=self.log,
			stderr=subprocess.STDOUT,
		)  # fmt: skip
		for _ in range(120):
			try:
				with socket.create_connection(("127.0.0.1", self.port), timeout=1):
					return self
			except OSError:
				time.sleep(0.5)
		raise RuntimeError(f"gunicorn did not start (log: {self.log.name})")

	def __exit__(self, *exc):
		self.process.terminate()
		try:
			self.process.wait(timeout=20)
		except subprocess.TimeoutExpired:
			self.process.kill()
		self.log.close()

	def url(self, path: str) -> str:
		return f"http://127.0.0.1:{self.port}{path}"


def wrk(
	server: Server, path: str, script: str = RANDOM_CLIENT, seconds: int = 10, connections: int = 8
) -> dict:
	"""Requests per second (and how many answers were not 2xx/3xx)."""
	with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
		lua.write(script)
	try:
		out = subprocess.run(
			[shutil.which("wrk") or "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", lua.name,
			 "-H", f"Host: {server.site}", "-H", "Accept: text/html", server.url(path)],
			capture_output=True, text=True, check=True,
		).stdout  # fmt: skip
	finally:
		os.unlink(lua.name)
	rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
	errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
	total = re.search(r"(\d+) requests in", out)
	return {"rps": rate, "errors": int(errors.group(1)) if errors else 0, "requests": int(total.group(1))}


def measure(
	bench: str, site: str, paths: dict[str, str], track: tuple[str, str], seconds: int = 10, rounds: int = 3
) -> dict:
	"""{label: wrk result} for ping, each path, and a /track form post; pages are warmed first.

	The machine is shared, so its speed drifts: each page is measured right after a ping run,
	``rounds`` times, and its result is the median ratio to the ping just before it."""
	import urllib.request

	results = {}
	with Server(bench, site) as server:
		for path in ["/api/method/ping", *paths.values()]:
			request = urllib.request.Request(server.url(path), headers={"Host": site, "Accept": "text/html"})
			try:
				urllib.request.urlopen(request, timeout=60).read()
			except Exception:
				pass  # the measurement reports the status
		number, pin = track
		targets = [(label, path, RANDOM_CLIENT) for label, path in paths.items()]
		targets.append(
			(
				"/track (POST, one record)",
				"/track",
				POST_TRACK.replace("{number}", number).replace("{pin}", pin),
			)
		)
		pings = []
		for label, path, script in targets:
			runs = []
			for _round in range(rounds):
				ping = wrk(server, "/api/method/ping", seconds=seconds)
				page = wrk(server, path, script, seconds=seconds)
				pings.append(ping["rps"])
				runs.append({**page, "ratio": page["rps"] / ping["rps"]})
			runs.sort(key=lambda r: r["ratio"])
			results[label] = runs[len(runs) // 2]
		results = {"ping": {"rps": sorted(pings)[len(pings) // 2], "errors": 0, "ratio": 1.0}, **results}
	return results
