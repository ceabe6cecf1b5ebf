"""OSS RBA's rules (bppm_app.rules.oss): the receiveNIB body against the PIA, the Token, whose items
are the office's, the kd_status of each transition, OSS's answers, the retry schedule and OSS's
clock. No site, no database."""

import datetime as dt
import json

import pytest

from bppm_app.exceptions import BPPMValidationError, InvalidOSSRequestError
from bppm_app.rules import oss, sla
from bppm_app.rules.calendar import WorkingCalendar
from tests.oss_local import LocalOSS

NIB = "8120001234567"


def body(items=None, **company) -> dict:
	items = [{"id_izin": "I-001", "kd_izin": "000000000001", "kewenangan": "02"}] if items is None else items
	return LocalOSS.nib_body(NIB, items, **company)


def raw(data) -> bytes:
	return json.dumps(data).encode()


# --- the body ------------------------------------------------------------------------------------


def test_a_pia_body_is_read_into_company_and_items():
	data = body(
		[
			{
				"id_izin": "I-002",
				"kd_izin": "000000000002",
				"kewenangan": "02",
				"nama_izin": "Izin Usaha Toko",
				"data_persyaratan": [
					{
						"id_syarat": "S1",
						"no_dokumen": "12/2026",
						"tgl_dokumen": "2026-03-01",
						"file_dokumen": "https://oss.go.id/f/1.pdf",
					},
					{"id_syarat": "S2", "file_dokumen": "javascript:alert(1)"},
				],
			},
			{"id_izin": "I-001", "kd_izin": "000000000001", "kewenangan": "00"},
		]
	)
	received = oss.parse_receive_nib(raw(data))
	assert received.nib == NIB and received.company.name == "PT Maju Bersama Bontang"
	assert received.company.npwp == "012345678901000"
	assert received.company.address == "Jl. Mulawarman No. 12, RT/RW 003/001"
	assert received.company.responsible_name == "Rina Kartika" and received.company.kbli == ("47111",)
	# in the order of id_izin: parallel deliveries lock their rows in the same order
	assert [i.id_izin for i in received.items] == ["I-001", "I-002"]
	docs = received.items[1].requirements
	assert docs[0].file_dokumen == "https://oss.go.id/f/1.pdf"
	assert docs[1].file_dokumen == ""  # only http(s) links are kept
	assert not received.withdrawn


@pytest.mark.parametrize(
	"change, message",
	[
		(lambda d: d["dataNIB"].pop("nib"), "dataNIB.nib is missing"),
		(lambda d: d["dataNIB"].update(nib="12345"), "NIB must be exactly 13 digits"),
		(lambda d: d["dataNIB"].update(nama_perseroan="x" * 256), "nama_perseroan is longer than 255"),
		(lambda d: d["dataNIB"].update(tgl_terbit_nib="17/03/2026"), "tgl_terbit_nib must be a date"),
		(lambda d: d["dataNIB"].update(data_checklist={"id_izin": "x"}), "data_checklist must be a list"),
		(lambda d: d["dataNIB"]["data_checklist"][0].update(id_izin="I" * 26), "id_izin is longer than 25"),
		(lambda d: d["dataNIB"]["data_checklist"][0].pop("kd_izin"), "data_checklist[0].kd_izin is missing"),
		# an identifier of nothing but an invisible character, or spaces, is no identifier
		(
			lambda d: d["dataNIB"]["data_checklist"][0].update(id_izin="\u200b"),
			"data_checklist[0].id_izin is missing",
		),
		(lambda d: d["dataNIB"]["data_checklist"][0].update(kewenangan=" \u2060 "), "kewenangan is missing"),
		(lambda d: d["dataNIB"]["data_checklist"][0].update(kewenangan=["02"]), "kewenangan must be text"),
		(
			lambda d: d["dataNIB"]["data_checklist"][0].update(data_persyaratan=[{"no_dokumen": "x" * 51}]),
			"no_dokumen is longer than 50",
		),
		(
			lambda d: d["dataNIB"]["penanggung_jwb"][0].update(nama_penanggung_jwb="a\x00b"),
			"control characters",
		),
	],
)
def test_a_body_that_breaks_the_pia_is_refused_with_what_is_wrong(change, message):
	data = body()
	change(data)
	with pytest.raises(InvalidOSSRequestError) as raised:
		oss.parse_receive_nib(raw(data))
	assert message in str(raised.value)
	assert raised.value.http_status_code == 400


@pytest.mark.parametrize(
	"payload", [b"", b"{not json", b"\xff\xfe", b"[]", b'"dataNIB"', b'{"dataNIB": []}', b"[" * 100_000]
)
def test_what_is_not_a_receive_nib_object_is_refused(payload):
	with pytest.raises(InvalidOSSRequestError):
		oss.parse_receive_nib(payload)


def test_an_oversize_body_is_refused_before_it_is_read():
	with pytest.raises(InvalidOSSRequestError, match="larger than"):
		oss.parse_receive_nib(b" " * (oss.MAX_BODY_BYTES + 1))


def test_identifiers_are_read_in_one_spelling():
	data = body([{"id_izin": "I-\u200b001\u00a0", "kd_izin": "\uff10" * 11 + "1", "kewenangan": " 02"}])
	(item,) = oss.parse_receive_nib(raw(data)).items
	assert (item.id_izin, item.kd_izin, item.kewenangan) == ("I-001", "000000000001", "02")


def test_fields_the_office_does_not_read_pass_and_repeated_items_count_once():
	data = body([{"id_izin": "I-1", "kd_izin": "A", "kewenangan": "02"}] * 2)
	data["dataNIB"]["a_field_of_a_newer_pia"] = {"anything": ["goes"]}
	data["dataNIB"]["tipe_dokumen "] = "3"  # the PIA's own example has the trailing space
	data["dataNIB"].pop("tipe_dokumen")
	received = oss.parse_receive_nib(raw(data))
	assert len(received.items) == 1 and received.withdrawn


def test_the_nib_is_read_for_the_token_even_from_a_body_that_is_otherwise_wrong():
	assert oss.nib_of({"dataNIB": {"nib": " 8120001234567 "}}) == NIB
	assert oss.nib_of({"dataNIB": {"nib": 8120001234567}}) is None
	assert oss.nib_of(["x"]) is None and oss.nib_of(None) is None
	# dataNIB that is no object: no NIB, never an error (the endpoint answers 401 or the PIA's 400)
	for inner in ("x", [1], 1, None):
		assert oss.nib_of({"dataNIB": inner}) is None


# --- the Token -----------------------------------------------------------------------------------


def test_the_token_is_the_secret_or_the_pias_daily_sha1():
	secret, today = "oss-user-oss-password-2026", dt.date(2026, 3, 17)
	assert oss.token_valid(secret, secret, NIB, today)
	assert oss.token_valid(secret, oss.derived_token(secret, NIB, today), NIB, today)
	# OSS (WIB) and the office (WITA) may be on different days around midnight
	assert oss.token_valid(secret, oss.derived_token(secret, NIB, dt.date(2026, 3, 16)), NIB, today)
	assert not oss.token_valid(secret, oss.derived_token(secret, NIB, dt.date(2026, 3, 14)), NIB, today)
	assert not oss.token_valid(secret, oss.derived_token(secret, "8120001234568", today), NIB, today)
	for wrong in (None, "", secret + "x", secret.upper()):
		assert not oss.token_valid(secret, wrong, NIB, today)
	assert not oss.token_valid(None, secret, NIB, today) and not oss.token_valid("", "", NIB, today)


def test_a_short_inbound_token_is_refused():
	with pytest.raises(BPPMValidationError):
		oss.check_inbound_token("short")
	oss.check_inbound_token("x" * oss.MIN_TOKEN)


# --- whose items ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"kewenangan, kd_izin, withdrawn, outcome",
	[
		("02", "000000000001", False, oss.OURS),
		("01", "000000000001", False, oss.OTHER_OFFICE),
		("00", "000000000001", False, oss.OTHER_OFFICE),
		("02", "999999999999", False, oss.UNKNOWN_CODE),
		("02", "000000000001", True, oss.NIB_WITHDRAWN_OUTCOME),
	],
)
def test_an_item_is_the_offices_with_kewenangan_02_and_a_mapped_code(kewenangan, kd_izin, withdrawn, outcome):
	item = oss.ChecklistItem("I-1", kd_izin, kewenangan)
	assert oss.classify(item, {"000000000001": "Izin Toko"}, withdrawn) == outcome


def test_the_clock_starts_at_osss_submission():
	received = dt.datetime(2026, 3, 17, 10, 30)
	assert oss.submission_time([dt.date(2026, 3, 17)], received) == received
	assert oss.submission_time([dt.date(2026, 3, 10), dt.date(2026, 3, 13)], received) == dt.datetime(
		2026, 3, 13
	)
	# a date in the future, or none: the receipt
	assert oss.submission_time([dt.date(2026, 3, 20)], received) == received
	assert oss.submission_time([], received) == received


# --- the statuses of a transition -------------------------------------------------------------------

DEFAULTS = [
	oss.StatusRule("Submitted", "10"),
	oss.StatusRule("Returned for Revision", "11"),
	oss.StatusRule("Under Verification", "20"),
	oss.StatusRule("Field Inspection", "40"),
	oss.StatusRule("Technical Review", "45", oss.LEAVE, "recommended"),
	oss.StatusRule("Technical Review", "93", oss.LEAVE, "not recommended"),
	oss.StatusRule("Awaiting Payment", "30"),
	oss.StatusRule("Issued", "50"),
	oss.StatusRule("Rejected", "90"),
]
R, P, S, N = sla.RUNNING, sla.PAUSED, sla.STOPPED, sla.NOT_STARTED


@pytest.mark.parametrize(
	"from_state, to_state, before, after, expected",
	[
		("Draft", "Submitted", N, R, ["10"]),
		("Submitted", "Under Verification", R, R, ["20"]),
		("Under Verification", "Returned for Revision", R, P, ["11", "41"]),
		("Returned for Revision", "Under Verification", P, R, ["42", "20"]),
		("Under Verification", "Awaiting Approval", R, R, []),
		("Technical Review", "Awaiting Payment", R, P, ["45", "30", "41"]),
		("Awaiting Payment", "Awaiting Approval", P, R, ["42"]),
		("Awaiting Approval", "Issued", R, S, ["50"]),
		("Awaiting Approval", "Rejected", R, S, ["90"]),
		("Issued", "Revoked", S, S, []),
	],
)
def test_each_transition_reports_its_statuses_in_order(from_state, to_state, before, after, expected):
	holds = {"recommended": True, "not recommended": False}.get
	assert oss.statuses_for(DEFAULTS, from_state, to_state, before, after, holds) == expected


def test_the_clock_alone_reports_41_and_42_whatever_the_states_are_called():
	assert oss.statuses_for([], "Menunggu Pemohon", "Diperiksa", P, R) == ["42"]
	assert oss.statuses_for([], "Diperiksa", "Menunggu Pemohon", R, P) == ["41"]


def test_a_mapping_code_must_be_a_pia_status():
	assert oss.check_status_code(" 45 ") == "45"
	with pytest.raises(BPPMValidationError):
		oss.check_status_code("46")


# --- what the office sends ----------------------------------------------------------------------------


def test_the_status_payload_is_the_pias_izinstatus():
	payload = oss.status_payload(
		nib=NIB,
		oss_id="P-1",
		id_izin="I-1",
		kd_izin="000000000001",
		kd_instansi="BONTANG",
		kd_status="20",
		at=dt.datetime(2026, 3, 17, 9, 5, 7),
		nip="197203151998031004",
		name="N" * 60,
		remarks="Validasi",
	)
	status = payload["IZINSTATUS"]
	assert set(status) == {
		"nib", "oss_id", "id_izin", "kd_izin", "kd_instansi", "kd_status", "tgl_status", "nip_status",
		"nama_status", "keterangan",
	}  # fmt: skip
	assert status["tgl_status"] == "2026-03-17 09:05:07"
	assert len(status["nama_status"]) == 50 and len(status["kd_instansi"]) == 3


def test_the_license_payload_is_the_pias_izinfinal():
	payload = oss.license_payload(
		nib=NIB,
		oss_id="P-1",
		id_izin="I-1",
		kd_izin="000000000001",
		kd_daerah="6474",
		permit_number="503/001/DPMPTSP/2026",
		issued_on=dt.date(2026, 3, 20),
		valid_until=dt.date(2031, 3, 20),
		signatory="Dr. Ir. Ahmad Fauzi, M.Si.",
		signatory_nip="197203151998031004",
		signatory_title="Kepala Dinas",
		file_url="https://bppm.example/api/method/bppm_app.api.oss_permit_file?token=x",
		validity_months=62,
	)["IZINFINAL"]
	assert payload["nomor_izin"] == "503/001/DPMPTSP/2026" and payload["status_izin"] == "50"
	assert payload["tgl_terbit_izin"] == "2026-03-20" and payload["tgl_berlaku_izin"] == "2031-03-20"
	assert (payload["thn_berlaku_izin"], payload["bln_berlaku_izin"]) == (5, 2)
	assert payload["file_izin"].startswith("https://")


def test_the_offices_answer_is_the_pias_responreceivenib():
	assert oss.receive_nib_answer(True, "ok") == {
		"responreceiveNIB": {"kode": "200", "status": "1", "keterangan": "ok"}
	}
	assert oss.receive_nib_answer(False, "x" * 300, 400)["responreceiveNIB"] == {
		"kode": "400",
		"status": "2",
		"keterangan": "x" * 255,
	}


# --- OSS's answers -----------------------------------------------------------------------------------


def answer(method, code, **extra):
	return json.dumps({f"respon{method}": {"kode": code, "keterangan": "k", **extra}}).encode()


@pytest.mark.parametrize(
	"http, body, kind",
	[
		(200, answer("receiveLicenseStatus", 200), oss.SENT),
		(200, answer("receiveLicenseStatus", "200"), oss.SENT),
		(200, b"", oss.SENT),  # OSS said 200: it has the message, whatever the body
		(200, answer("receiveLicenseStatus", 400), oss.FAILED),  # the PIA's code inside a 200
		(400, answer("receiveLicenseStatus", 400), oss.FAILED),
		(401, answer("receiveLicenseStatus", 401), oss.FAILED),
		(404, b"<html>", oss.FAILED),
		(500, answer("receiveLicenseStatus", 500), oss.RETRY),
		(502, b"bad gateway", oss.RETRY),
		(429, b"", oss.RETRY),
		(504, answer("receiveLicenseStatus", 504), oss.UNKNOWN),  # OSS timed out: may be stored
		(None, b"", oss.UNKNOWN),  # no answer at all
	],
)
def test_an_answer_is_sent_retried_unknown_or_failed(http, body, kind):
	assert oss.judge(http, body).kind == kind


def test_the_check_and_the_inqueries_are_read_from_the_pias_shapes():
	check = json.dumps(
		{
			"responcheckStatusLicense": {
				"kode": 200,
				"keterangan": "Sukses",
				"dataIZIN": {"kd_status": "57", "uraian_status": "x"},
			}
		}
	)
	assert oss.status_of_check(check) == (200, "57", "x")
	assert oss.status_of_check(b"not json") == (None, "", "")
	license = json.dumps(
		{"dataLicense": {"code": 200, "data": {"data_checklist": [{"id_izin": "I-1", "no_izin": "503/1"}]}}}
	)
	assert oss.license_number_of(license, "I-1") == "503/1" and oss.license_number_of(license, "I-2") == ""
	found = json.dumps({"responinqueryNIB": {"kode": 200, "dataNIB": body()["dataNIB"]}})
	assert oss.company_of_inquery(found).name == "PT Maju Bersama Bontang"
	assert oss.company_of_inquery(json.dumps({"responinqueryNIB": {"kode": 404}})) is None


# --- the schedule and OSS's clock ----------------------------------------------------------------------


def test_retries_back_off_to_six_hours_and_never_give_up():
	minutes = [oss.retry_delay(n).total_seconds() / 60 for n in range(1, 12)]
	assert minutes[:6] == [1, 2, 5, 10, 30, 60]
	assert minutes[6:9] == [120, 240, 360] and minutes[-1] == 360
	assert minutes == sorted(minutes)
	assert oss.retry_delay(0) == oss.retry_delay(1)


def test_osss_clock_stops_only_while_oss_knows_the_applicant_has_the_file():
	start = dt.datetime(2026, 3, 2, 9)
	intervals = oss.oss_intervals(
		start,
		[
			("10", start),
			("41", dt.datetime(2026, 3, 4, 9)),
			("42", dt.datetime(2026, 3, 9, 9)),
			("50", dt.datetime(2026, 3, 10, 9)),
		],
	)
	assert [(i.clock, i.end) for i in intervals] == [
		(sla.RUNNING, dt.datetime(2026, 3, 4, 9)),
		(sla.PAUSED, dt.datetime(2026, 3, 9, 9)),
		(sla.RUNNING, dt.datetime(2026, 3, 10, 9)),
	]
	calendar = WorkingCalendar([])
	paused = sla.evaluate(calendar, start, intervals, 5, 80, now=dt.datetime(2026, 3, 10, 9))
	running = sla.evaluate(
		calendar, start, oss.oss_intervals(start, [("10", start)]), 5, 80, dt.datetime(2026, 3, 10, 9)
	)
	# the three working days the applicant had the file (OSS told) move OSS's deadline
	assert paused.due_date > running.due_date


@pytest.mark.parametrize(
	"expected, reported, pending, agrees",
	[
		("20", "20", 0, True),
		("20", "11", 0, False),
		("20", "10", 2, True),
		("20", "57", 2, False),
		("", "", 0, True),
	],
)
def test_a_disagreement_is_what_oss_reports_against_what_it_accepted(expected, reported, pending, agrees):
	assert (oss.disagreement(expected, reported, pending) == "") is agrees
