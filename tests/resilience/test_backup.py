"""Backup and restore, the office's routine: ``bench backup --with-files`` of the stack's site,
restored to a new site on the same primary, holds the same records, the same signed permits byte
for byte (still verifying on /verify), a usable signing key, the PIN lock and the bank's
idempotency."""

import hashlib
import hmac
import json
import secrets
import shutil
import time
from pathlib import Path

import requests

from tests.resilience import drill, stack

RESTORED = "bppm-restore.localhost"
# the app's records, and Frappe's that the office's data hangs on
DOCTYPES_OUTSIDE_THE_APP = ("User", "File", "Has Role", "Translation", "Workflow", "Print Format")


def _on(site: str, port: int, path: str, **kwargs) -> requests.Response:
	headers = {"Host": site, **kwargs.pop("headers", {})}
	return requests.get(f"http://127.0.0.1:{port}{path}", headers=headers, timeout=60, **kwargs)


def _counts(database: str, doctypes: list[str]) -> dict[str, int]:
	return {dt: stack.root_sql(f"select count(*) from `tab{dt}`", database)[0][0] for dt in doctypes}


def _drop(site: str) -> None:
	folder = stack.PROD / "bench" / "sites" / site
	if (folder / "site_config.json").is_file():
		db_name = json.loads((folder / "site_config.json").read_text())["db_name"]
		stack.root_sql(f"drop database if exists `{db_name}`")
		stack.root_sql(f"drop user if exists '{db_name}'@'%'")
	shutil.rmtree(folder, ignore_errors=True)


def _latest(folder: Path, suffix: str) -> Path:
	found = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime)
	assert found, f"no *{suffix} in {folder}"
	return found[-1]


def test_a_backup_restored_to_a_new_site_holds_everything(production):
	drill.on_site(stack.SITE, "issue")  # at least one signed permit
	setup = drill.prepare(1)  # the bank's secret set, an application waiting for its levy
	secret, code, amount = setup["secret"], setup["awaiting"][0]["code"], setup["levy"]
	reference = f"BKP{secrets.token_hex(5).upper()}"
	paid = drill.notice(secret, code, amount, reference)
	assert paid[0] == 200, paid
	source_db = stack.site_config()["db_name"]
	doctypes = [
		r[0]
		for r in stack.sql(
			"select name from tabDocType where module='BPPM' and istable=0 and issingle=0 and is_virtual=0"
		)
	]
	doctypes += list(DOCTYPES_OUTSIDE_THE_APP)
	issued = stack.sql(
		"""select name, signed_permit, signed_permit_sha256, verification_code from `tabPermit Application`
		where workflow_state='Issued' and ifnull(signed_permit, '') != ''"""
	)
	assert issued, "the site has no signed permit to restore"

	# the backup: the database and both file trees, and the site config (with the encryption key)
	before = _counts(source_db, doctypes)
	stack.bench("--site", stack.SITE, "backup", "--with-files")
	after = _counts(source_db, doctypes)
	assert before == after, "the site changed during the backup; the comparison below would not hold"
	backups = stack.PROD / "bench" / "sites" / stack.SITE / "private" / "backups"
	dump = _latest(backups, "-database.sql.gz")
	public = _latest(backups, "-files.tar")
	private = _latest(backups, "-private-files.tar")
	config = json.loads(_latest(backups, "-site_config_backup.json").read_text())

	# the restore, timed: a new site from the dump, the files, the site's key, migrate
	_drop(RESTORED)
	began = time.monotonic()
	stack.bench(
		"new-site", RESTORED, "--source-sql", str(dump), "--db-host", "127.0.0.1", "--db-port", str(stack.DB_PORT),
		"--db-root-username", "root", "--db-root-password", stack.DB_PASSWORD,
		"--mariadb-user-host-login-scope=%", "--admin-password", stack.ADMIN_PASSWORD,
	)  # fmt: skip
	folder = stack.PROD / "bench" / "sites" / RESTORED
	for tar in (public, private):
		# what `bench restore --with-public-files/--with-private-files` does (frappe.installer.extract_files)
		stack.subprocess.run(["tar", "xf", str(tar), "--strip", "2", "-C", str(folder)], check=True)
	restored_config = json.loads((folder / "site_config.json").read_text())
	for key, value in config.items():
		if not key.startswith("db_") and key not in ("host_name",):
			restored_config[key] = value  # the encryption key first of all: the Password fields
	restored_config["host_name"] = f"http://{RESTORED}:{stack.HTTP_PORT}"
	(folder / "site_config.json").write_text(json.dumps(restored_config, indent=1))
	stack.bench("--site", RESTORED, "migrate", "--skip-search-index")
	restore_seconds = time.monotonic() - began
	print(f"\n[resilience] restore to {RESTORED}: {restore_seconds:.0f} s")
	try:
		restored_db = restored_config["db_name"]
		assert _counts(restored_db, doctypes) == before

		port = stack.WEB_PORTS[0]  # the same gunicorns serve the restored site by its Host
		for _name, url, sha, verification in issued:
			original = (stack.PROD / "bench" / "sites" / stack.SITE / url.lstrip("/")).read_bytes()
			copy = (folder / url.lstrip("/")).read_bytes()
			assert copy == original
			assert hashlib.sha256(copy).hexdigest() == sha
			verified = _on(
				RESTORED, port, f"/api/method/bppm_app.api.verify_permit?code={verification}"
			).json()["message"]
			assert verified["status"] == "Valid", verified
			assert verified["signed_permit_sha256"] == sha

		# the signing key decrypts with the restored site's key and signs
		signing = drill.on_site(RESTORED, "signing")
		assert signing["signed"] is True, signing

		# the bank repeats a notice the office had already taken: the same answer, no second payment
		body = json.dumps(
			{"payment_code": code, "amount": amount, "paid_at": "2026-03-16T10:15:00+08:00",
			 "bank_reference": reference, "bank": "Bank Kaltimtara"}
		).encode()  # fmt: skip
		signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
		repeat = requests.post(
			f"http://127.0.0.1:{port}/api/method/bppm_app.api.payment_notification",
			data=body,
			headers={"Host": RESTORED, "Content-Type": "application/json", drill.SIGNATURE_HEADER: signature},
			timeout=60,
		)
		assert repeat.status_code == 200, repeat.text[:300]
		payments = f"select count(*) from `tabLevy Payment` where bank_reference='{reference}'"
		assert stack.root_sql(payments, restored_db) == [(1,)]

		# the PIN lock: five wrong PINs from one address lock it out of the number, the right PIN then
		# fails there too (web/public.py: fifty from many addresses lock it for everyone)
		number, pin = stack.root_sql(
			"select name, tracking_pin from `tabPermit Application` where ifnull(tracking_pin,'') != '' limit 1",
			restored_db,
		)[0]
		track = "/api/method/bppm_app.api.track_application"
		ok = _on(RESTORED, port, f"{track}?registration_number={number}&pin={pin}").json()["message"]
		assert ok["found"] is True
		for i in range(5):
			wrong = f"{(int(pin) + 1 + i) % 1000000:06d}"
			_on(RESTORED, port, f"{track}?registration_number={number}&pin={wrong}",
				headers={"X-Forwarded-For": "198.51.100.1"})  # fmt: skip
		locked = _on(
			RESTORED,
			port,
			f"{track}?registration_number={number}&pin={pin}",
			headers={"X-Forwarded-For": "198.51.100.1"},
		).json()["message"]
		assert locked["found"] is False
	finally:
		_drop(RESTORED)
