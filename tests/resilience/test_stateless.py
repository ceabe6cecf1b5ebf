"""Nothing a gunicorn keeps for itself outlives a change made through the other one: the
translations and the public pages each process keeps are checked against tokens in the cache
Redis, which both share."""

import secrets

from tests.resilience import stack

NOT_FOUND = "No application matches this registration number and PIN."


def _backend(port: int, path: str):
	return stack.requests.get(f"http://127.0.0.1:{port}{path}", headers={"Host": stack.SITE}, timeout=60)


def _not_found_text(port: int) -> str:
	response = _backend(
		port, "/api/method/bppm_app.api.track_application?registration_number=PRM-2000-99999&pin=000000"
	)
	assert response.status_code == 200, response.text[:300]
	return response.json()["message"]["message"]


def test_a_translation_changed_through_one_backend_reaches_the_other(production):
	admin = stack.session()
	original = {port: _not_found_text(port) for port in stack.WEB_PORTS}  # both warm, same text
	assert len(set(original.values())) == 1
	marker = f"Tidak ditemukan {secrets.token_hex(4)}"
	created = admin.post(
		f"{stack.BASE}/api/resource/Translation",
		json={"language": "id", "source_text": NOT_FOUND, "translated_text": marker},
		timeout=60,
	)
	assert created.status_code == 200, created.text[:300]
	name = created.json()["data"]["name"]
	try:
		for port in stack.WEB_PORTS:
			assert _not_found_text(port) == marker
	finally:
		assert admin.delete(f"{stack.BASE}/api/resource/Translation/{name}", timeout=60).status_code == 202
	for port in stack.WEB_PORTS:
		assert _not_found_text(port) == original[port]


def test_a_permit_type_changed_through_one_backend_shows_on_both(production):
	admin = stack.session()
	code = stack.sql(
		"select code from `tabPermit Type` where is_published = 1 and is_active = 1 order by name limit 1"
	)[0][0]
	name = stack.sql("select name from `tabPermit Type` where code = %s", (code,))[0][0]
	path = f"/standards/{code}"
	for port in stack.WEB_PORTS:  # each process has the page cached
		assert _backend(port, path).status_code == 200
	marker = f"Persyaratan diperbarui {secrets.token_hex(4)}"
	before = admin.get(f"{stack.BASE}/api/resource/Permit Type/{name}", timeout=60).json()["data"][
		"description"
	]
	# the change is made on the first backend directly
	response = admin.put(
		f"http://127.0.0.1:{stack.WEB_PORTS[0]}/api/resource/Permit Type/{name}",
		json={"description": marker},
		headers={"Host": stack.SITE},
		timeout=60,
	)
	assert response.status_code == 200, response.text[:300]
	try:
		for port in stack.WEB_PORTS:
			assert marker in _backend(port, path).text, port
	finally:
		admin.put(f"{stack.BASE}/api/resource/Permit Type/{name}", json={"description": before}, timeout=60)
	for port in stack.WEB_PORTS:
		assert marker not in _backend(port, path).text
