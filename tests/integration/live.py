"""A real web server for the test site, for tests that must go over HTTP as an outside system does
(the bank's payment notices): ``bench --site <site> serve`` on a free loopback port, threaded like
Frappe's development server. It sees only committed data."""

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.site import BENCH

LOG_DIR = Path(__file__).resolve().parents[2] / "artifacts"


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@contextmanager
def serve(site: str):
	"""Yield the base URL (``http://127.0.0.1:<port>``) of a server for ``site``."""
	port = free_port()
	LOG_DIR.mkdir(parents=True, exist_ok=True)
	log_path = LOG_DIR / f"server-{site}.log"
	with open(log_path, "w") as log:
		proc = subprocess.Popen(
			[
				str(BENCH / "env/bin/python"),
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				site,
				"serve",
				"--port",
				str(port),
				"--noreload",
			],
			cwd=BENCH / "sites",
			stdout=log,
			stderr=subprocess.STDOUT,
		)
		base = f"http://127.0.0.1:{port}"
		deadline = time.time() + 90
		while True:
			try:
				with urllib.request.urlopen(f"{base}/api/method/ping", timeout=2) as response:
					if response.status == 200:
						break
			except OSError:
				pass
			if proc.poll() is not None or time.time() > deadline:
				proc.kill()
				pytest.fail(f"the test server did not start; see {log_path}", pytrace=False)
			time.sleep(0.3)
		try:
			yield base
		finally:
			proc.terminate()
			try:
				proc.wait(timeout=20)
			except subprocess.TimeoutExpired:
				proc.kill()
