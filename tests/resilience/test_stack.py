"""The production stack answers as its parts should: nginx in front of two gunicorns, assets from
disk, private files by X-Accel-Redirect, the client's address set by nginx, workers on the queue
Redis, socketio behind nginx, the replica following the primary."""

import secrets

import redis

from tests.resilience import stack


def test_nginx_sends_requests_to_both_gunicorns(production):
	seen = {}
	for _ in range(12):
		response = stack.get("/api/method/ping")
		assert response.status_code == 200
		assert response.json() == {"message": "pong"}
		seen[response.headers["X-Upstream"]] = seen.get(response.headers["X-Upstream"], 0) + 1
	assert set(seen) == {f"127.0.0.1:{port}" for port in stack.WEB_PORTS}, seen
	# each backend also answers on its own port: two processes, not one behind two names
	for port in stack.WEB_PORTS:
		direct = stack.requests.get(
			f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": stack.SITE}, timeout=30
		)
		assert direct.json() == {"message": "pong"}


def test_nginx_serves_assets_from_disk(production):
	response = stack.get("/assets/bppm_app/css/bppm_web.css")
	with open(stack.REPO / "bppm_app" / "public" / "css" / "bppm_web.css", "rb") as source:
		assert response.content == source.read()
	assert response.status_code == 200
	assert response.headers.get("X-Upstream", "") == ""  # no gunicorn involved
	assert "max-age=31536000" in response.headers.get("Cache-Control", "")


def _last_login_ip(user: str) -> str:
	rows = stack.sql(
		"select ip_address from `tabActivity Log` where user=%s and operation='Login' "
		"order by creation desc limit 1",
		(user,),
	)
	return rows[0][0]


def test_the_client_address_is_the_one_nginx_saw(production):
	spoofed = "203.0.113.9"
	# straight to a gunicorn, X-Forwarded-For is believed (the app trusts its proxy at 127.0.0.1)
	direct = stack.requests.post(
		f"http://127.0.0.1:{stack.WEB_PORTS[0]}/api/method/login",
		data={"usr": "Administrator", "pwd": stack.ADMIN_PASSWORD},
		headers={"Host": stack.SITE, "X-Forwarded-For": spoofed},
		timeout=60,
	)
	assert direct.status_code == 200
	assert _last_login_ip("Administrator") == spoofed
	# through nginx it is replaced by the address nginx saw (proxy_set_header X-Forwarded-For $remote_addr)
	client = stack.requests.post(
		f"{stack.BASE}/api/method/login",
		data={"usr": "Administrator", "pwd": stack.ADMIN_PASSWORD},
		headers={"Host": stack.SITE, "X-Forwarded-For": spoofed},
		timeout=60,
	)
	assert client.status_code == 200
	assert _last_login_ip("Administrator") == "127.0.0.1"


def test_private_files_are_checked_by_frappe_and_sent_by_nginx(production):
	admin = stack.session()
	content = f"private {secrets.token_hex(8)}\n".encode()
	upload = admin.post(
		f"{stack.BASE}/api/method/upload_file",
		files={"file": (f"stack-{secrets.token_hex(4)}.txt", content, "text/plain")},
		data={"is_private": "1"},
		timeout=60,
	)
	assert upload.status_code == 200, upload.text[:300]
	url = upload.json()["message"]["file_url"]
	assert url.startswith("/private/files/")
	try:
		# Frappe answers with X-Accel-Redirect when the proxy asks for it, and sends no bytes itself
		backend = admin.get(
			f"http://127.0.0.1:{stack.WEB_PORTS[0]}{url}",
			headers={"X-Use-X-Accel-Redirect": "True"},
			timeout=60,
		)
		assert backend.headers.get("X-Accel-Redirect") == f"/protected{url}"
		assert backend.content == b""
		# through nginx the reader gets the bytes, nginx read them from disk
		response = admin.get(f"{stack.BASE}{url}", timeout=60)
		assert response.status_code == 200
		assert response.content == content
		assert "X-Accel-Redirect" not in response.headers
		# a guest gets nothing
		assert stack.get(url).status_code == 403
	finally:
		name = upload.json()["message"]["name"]
		admin.delete(f"{stack.BASE}/api/resource/File/{name}", timeout=60)


def test_every_part_runs(production):
	assert [part for part in stack.PARTS if not stack.pid(part)] == []


def test_socketio_answers_behind_nginx(production):
	response = stack.get("/socket.io/?EIO=4&transport=polling")
	assert response.status_code == 200
	assert '"sid"' in response.text


def test_workers_listen_on_the_queue_redis_not_the_cache(production):
	queue = redis.Redis(port=stack.QUEUE_PORT)
	cache = redis.Redis(port=stack.CACHE_PORT)
	# the live ones: a worker killed by the drill stays registered until its key expires
	live = {stack.pid("worker-short"), stack.pid("worker-long")}
	workers = {name for name in queue.smembers("rq:workers") if int(queue.hget(name, "pid") or 0) in live}
	assert len(workers) == 2, workers
	queues = {q for name in workers for q in queue.hget(name, "queues").decode().split(",")}
	assert {"short", "default", "long"} <= {q.rsplit(":", 1)[-1] for q in queues}, queues
	assert not cache.smembers("rq:workers")
	assert queue.config_get("appendonly")["appendonly"] == "yes"
	assert cache.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"


def test_the_replica_follows_the_primary(production):
	status = stack.replica_sql("SHOW SLAVE STATUS")[0]
	assert status["Slave_IO_Running"] == "Yes" and status["Slave_SQL_Running"] == "Yes"
	assert status["Using_Gtid"] == "Slave_Pos"
	assert stack.sql("select @@read_only", replica=True)[0][0] == 1
	note = f"replica check {secrets.token_hex(6)}"
	admin = stack.session()
	response = admin.post(f"{stack.BASE}/api/resource/ToDo", json={"description": note}, timeout=60)
	assert response.status_code == 200, response.text[:300]
	name = response.json()["data"]["name"]
	try:
		stack.wait_replica_caught_up()
		assert stack.sql("select description from tabToDo where name=%s", (name,), replica=True) == [(note,)]
	finally:
		admin.delete(f"{stack.BASE}/api/resource/ToDo/{name}", timeout=60)
