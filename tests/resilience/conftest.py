"""Resilience tier: the production stack of ``scripts/production`` (nginx, two gunicorns, Redis
cache and queue, RQ workers, scheduler, socketio, MariaDB primary and replica) brought up once per
session, faults injected into it, and the "nothing lost" invariants checked over HTTP and SQL.

A stack that was already running is reused and left running; one this session started is stopped
at its end (BPPM_PROD_KEEP=1 keeps it)."""

import os
import time

import pytest

from tests.resilience import stack


@pytest.fixture(scope="session")
def production():
	started = not stack.is_running()
	begin = time.monotonic()
	stack.script()  # idempotent: starts what is not running, creates the site once
	print(f"\n[resilience] the stack was up in {time.monotonic() - begin:.0f} s")
	yield stack
	if started and os.environ.get("BPPM_PROD_KEEP") != "1":
		stack.script("--stop")
