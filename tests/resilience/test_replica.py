"""Replication paused (the replica's SQL thread stopped, as when it falls behind): what must be exact
reads the primary (a clerk's own record, a guest's tracking, the bank's repeated notice), reports
read the replica and show the state of a moment ago, consistent in itself; resumed, they catch up."""

import json
import secrets

from tests.resilience import drill, stack

REPORT = "Permit Application Register"


def _register(client, name: str) -> tuple[dict, dict]:
	"""The register as the desk runs it (frappe.desk.query_report.run, read_only: on the replica):
	the row of one application and the summary figures."""
	response = client.post(
		f"{stack.BASE}/api/method/frappe.desk.query_report.run",
		json={"report_name": REPORT, "filters": {"from_date": "2020-01-01", "to_date": "2099-12-31"}},
		timeout=60,
	)
	assert response.status_code == 200, response.text[:300]
	message = response.json()["message"]
	rows = {row["name"]: row for row in message["result"] if isinstance(row, dict) and row.get("name")}
	summary = {item["label"]: item["value"] for item in message["report_summary"]}
	return rows.get(name), summary


def test_with_replication_paused_exact_reads_hold_and_reports_catch_up(production):
	setup = drill.prepare(1)
	waiting = setup["awaiting"][0]
	stack.wait_replica_caught_up()
	admin = stack.session()
	before, summary_before = _register(admin, waiting["name"])
	assert before and before["levy_paid"] == 0

	clerk = stack.session(setup["clerk"])
	reference = f"LAG{secrets.token_hex(5).upper()}"
	stack.replica_sql("STOP SLAVE SQL_THREAD")
	try:
		# the bank pays; the repeat of the same notice is recognised (the idempotency check reads
		# the primary: on the lagging replica the first payment would not exist yet)
		first = drill.notice(setup["secret"], waiting["code"], setup["levy"], reference)
		again = drill.notice(setup["secret"], waiting["code"], setup["levy"], reference)
		assert first[0] == 200 and again[0] == 200, (first, again)
		assert json.loads(again[1])["message"] == json.loads(first[1])["message"]
		assert stack.sql("select count(*) from `tabLevy Payment` where bank_reference=%s", (reference,)) == [
			(1,)
		]
		assert stack.sql(
			"select count(*) from `tabLevy Payment` where bank_reference=%s", (reference,), replica=True
		) == [(0,)]

		# a clerk registers an application and reads it back at once (primary)
		created = clerk.post(
			f"{stack.BASE}/api/resource/Permit Application",
			json={
				"applicant": setup["applicant"],
				"permit_type": setup["permit_type"],
				"subject": f"LAG {reference}",
				"location_address": "Jl. Ahmad Yani No. 1",
				"kecamatan": "Bontang Utara",
				"quantity": 10,
			},
			timeout=60,
		)
		assert created.status_code == 200, created.text[:300]
		name, pin = created.json()["data"]["name"], created.json()["data"]["tracking_pin"]
		read_back = clerk.get(f"{stack.BASE}/api/resource/Permit Application/{name}", timeout=60)
		assert read_back.status_code == 200 and read_back.json()["data"]["subject"] == f"LAG {reference}"
		# a guest tracks it at once (the tracking page reads the primary)
		tracked = stack.get(
			f"/api/method/bppm_app.api.track_application?registration_number={name}&pin={pin}"
		)
		assert tracked.status_code == 200 and tracked.json()["message"]["found"] is True

		# the report reads the replica: the payment is not there yet, and its figures agree with
		# each other (the state of a moment ago, not a mix)
		paid = "select levy_paid from `tabPermit Application` where name=%s"
		assert stack.sql(paid, (waiting["name"],)) == [(1,)]  # on the primary, paid
		during, summary_during = _register(admin, waiting["name"])
		assert during["levy_paid"] == 0
		assert summary_during == summary_before
		status = stack.replica_sql("SHOW SLAVE STATUS")[0]
		assert status["Slave_SQL_Running"] == "No" and status["Slave_IO_Running"] == "Yes"
	finally:
		stack.replica_sql("START SLAVE SQL_THREAD")

	stack.wait_replica_caught_up()
	after, _summary = _register(admin, waiting["name"])
	assert after["levy_paid"] == 1
	assert stack.sql(
		"select count(*) from `tabLevy Payment` where bank_reference=%s", (reference,), replica=True
	) == [(1,)]
	assert stack.sql("select name from `tabPermit Application` where name=%s", (name,), replica=True) == [
		(name,)
	]
