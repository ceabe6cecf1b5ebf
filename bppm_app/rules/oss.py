"""OSS RBA, the national Online Single Submission, as its published integration guide (PIA v4.3)
describes it: the receiveNIB body OSS sends, the statuses and the final permit the office sends
back, OSS's answers, and the outbox's retry schedule. Plain functions, no database.

Facts carried from the PIA: the method names, the JSON shapes and the maximum length of each
field; Lampiran 9 (response codes) and Lampiran 10 (permit status codes, ``kd_status``). A
receiveNIB body is checked against the PIA's lengths for the fields the office reads; fields the
office does not read pass unchecked, so a newer PIA that adds fields is still accepted.
"""

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bppm_app.exceptions import BPPMValidationError, InvalidOSSRequestError
from bppm_app.i18n import _
from bppm_app.rules import identifiers, identity, sla

# --- the PIA's names ----------------------------------------------------------------------------

RECEIVE_NIB = "receiveNIB"
RECEIVE_LICENSE_STATUS = "receiveLicenseStatus"
RECEIVE_LICENSE = "receiveLicense"
CHECK_LICENSE_STATUS = "checkLicenseStatus"
INQUERY_NIB = "inqueryNIB"
INQUERY_LICENSE = "inqueryLicense"
OUTBOUND_METHODS = (RECEIVE_LICENSE_STATUS, RECEIVE_LICENSE)

TOKEN_HEADER = "Token"  # what OSS sends when it calls the office
USER_KEY_HEADER = "user_key"  # what the office sends when it calls OSS

KAB_KOTA = "02"  # kewenangan: 00 central government, 01 province, 02 regency/city

# Lampiran 9: response codes
RESPONSE_CODES = {
	200: "Sukses",
	400: "Data Parameter Salah",
	401: "User Akses Tidak Valid",
	403: "Ilegal Inquery / Akses",
	404: "Akses Service Tidak Ditemukan",
	405: "Akses Service Ditolak",
	500: "Proses Payload Data Di Sistem OSS Gagal",
	504: "Proses Payload Data Di Sistem OSS Timeout",
}

# Lampiran 10: permit status codes (kd_status) and their names
STATUS_CODES = {
	"05": "Proses Penapisan",
	"09": "Telah Melengkapi Persyaratan",
	"10": "Dokumen Lengkap",
	"11": "Dokumen Belum Lengkap",
	"12": "Pemenuhan Komitmen",
	"20": "Validasi",
	"30": "Verifikasi Pembayaran",
	"31": "Konfirmasi Pembayaran",
	"32": "Menunggu Verifikasi Bukti Bayar PNBP",
	"33": "Persetujuan Pembayaran",
	"34": "Perbaikan Konfirmasi Pembayaran",
	"40": "Inspeksi",
	"41": "Konfirmasi Persyaratan",
	"42": "Data Konfirmasi Persyaratan",
	"43": "Re-Konfirmasi Persyaratan",
	"44": "Data Re-Konfirmasi Persyaratan",
	"45": "Persyaratan terverifikasi",
	"49": "Pengambilan Nomor",
	"50": "Disetujui",
	"52": "Terbit Sementara",
	"57": "Disetujui secara otomatis oleh sistem OSS (fiktif positif)",
	"60": "Peringatan",
	"70": "Penghentian Sementara Kegiatan Berusaha",
	"80": "Pengenaan Denda Administratif",
	"90": "Ditolak",
	"93": "Penolakan Persyaratan",
}
SLA_STOP, SLA_RESUME = "41", "42"  # the SLA clock stops on the applicant's turn, then resumes
APPROVED, DEEMED_APPROVED, REJECTED = "50", "57", "90"
FINAL_STATUSES = frozenset({APPROVED, DEEMED_APPROVED, REJECTED})

# what the office answers OSS (receiveNIB): status 1 true, 2 false
ANSWER_OK, ANSWER_FAILED = "1", "2"

MAX_BODY_BYTES = 2 * 1024 * 1024  # a receiveNIB body with many projects is a few hundred kB
MAX_CHECKLIST_ITEMS = 200
MAX_LIST_ROWS = 1000

# tipe_dokumen: 9 original, 5 update, 3 revocation (pencabutan), 4 cancellation (pembatalan)
NIB_WITHDRAWN = frozenset({"3", "4"})

# The PIA's maximum lengths of the fields the office reads.
NIB_FIELDS = {
	"nib": 13,
	"tgl_pengajuan_nib": 10,
	"tgl_terbit_nib": 10,
	"tgl_perubahan_nib": 10,
	"oss_id": 25,
	"id_izin": 25,
	"kd_izin": 12,
	"kd_daerah": 10,
	"kewenangan": 2,
	"jenis_pelaku_usaha": 2,
	"versi_pia": 5,
	"npwp_perseroan": 16,  # 15 in the PIA; the national NPWP has had 16 digits since 2024
	"nama_perseroan": 255,
	"nama_singkatan": 255,
	"jenis_perseroan": 2,
	"alamat_perseroan": 255,
	"rt_rw_perseroan": 7,
	"kelurahan_perseroan": 50,
	"perseroan_daerah_id": 10,
	"kode_pos_perseroan": 5,
	"nomor_telpon_perseroan": 20,
	"email_perusahaan": 100,
	"status_nib": 2,
	"tipe_dokumen": 1,
	"skala_usaha": 10,
}
RESPONSIBLE_FIELDS = {
	"flag_asing": 1,
	"jns_identitas_penanggung_jwb": 2,
	"no_identitas_penanggung_jwb": 100,
	"nama_penanggung_jwb": 500,
	"jabatan_penanggung_jwb": 250,
	"npwp_penanggung_jwb": 15,
	"alamat_penanggung_jwb": 1024,
	"no_telp_penanggung_jwb": 50,
	"no_hp_penanggung_jwb": 50,
	"email_penanggung_jwb": 100,
}
PROJECT_FIELDS = {
	"id_proyek": 25,
	"nomor_proyek": 26,
	"uraian_usaha": 255,
	"kbli": 7,
	"sektor": 3,
	"nama_kegiatan": 255,
	"skala_usaha": 10,
	"skala_resiko": 5,
	"deskripsi_kegiatan": 255,
}
LOCATION_FIELDS = {"id_proyek_lokasi": 25, "proyek_daerah_id": 10, "alamat_usaha": 65535}
CHECKLIST_FIELDS = {
	"id_produk": 25,
	"id_proyek": 25,
	"id_izin": 25,
	"jenis_izin": 3,
	"kd_izin": 13,
	"kd_daerah": 10,
	"nama_izin": 255,
	"instansi": 100,
	"kewenangan": 2,
	"flag_checklist": 1,
	"flag_transaksional": 1,
	"flag_perpanjangan": 1,
	"no_izin": 150,
	"tgl_izin": 10,
}
REQUIREMENT_FIELDS = {
	"id_syarat": 25,
	"no_dokumen": 50,
	"tgl_dokumen": 10,  # string(8) in the PIA, for a date it writes YYYY-MM-DD
	"file_dokumen": 65535,
	"keterangan": 255,
}
DATE_FIELDS = ("tgl_pengajuan_nib", "tgl_terbit_nib", "tgl_perubahan_nib")
REQUIRED_NIB_FIELDS = ("nib", "data_checklist")
REQUIRED_CHECKLIST_FIELDS = ("id_izin", "kd_izin", "kewenangan")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- what OSS sends: receiveNIB ---------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
	"""One document of a checklist item's ``data_persyaratan``: kept as a reference to OSS."""

	id_syarat: str
	no_dokumen: str = ""
	tgl_dokumen: str = ""
	file_dokumen: str = ""  # a link into OSS, only when it is http(s)
	keterangan: str = ""


@dataclass(frozen=True)
class ChecklistItem:
	id_izin: str
	kd_izin: str
	kewenangan: str
	nama_izin: str = ""
	instansi: str = ""
	jenis_izin: str = ""
	id_proyek: str = ""
	kd_daerah: str = ""
	requirements: tuple[Requirement, ...] = ()
	raw: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Company:
	"""The business the NIB belongs to, as the office's Applicant needs it."""

	nib: str
	name: str = ""
	npwp: str = ""
	address: str = ""
	kelurahan: str = ""
	postal_code: str = ""
	email: str = ""
	phone: str = ""
	responsible_name: str = ""
	responsible_position: str = ""
	responsible_email: str = ""
	responsible_mobile: str = ""
	kbli: tuple[str, ...] = ()
	activity: str = ""


@dataclass(frozen=True)
class ReceivedNIB:
	nib: str
	oss_id: str
	company: Company
	items: tuple[ChecklistItem, ...]
	dates: tuple[dt.date, ...]  # the NIB's submission, issue and change dates that were given
	withdrawn: bool = False  # tipe_dokumen 3 or 4: the NIB was revoked or cancelled
	data: dict = field(default_factory=dict, compare=False, repr=False)


def parse_json(body: bytes | None):
	"""The body as JSON, or raise InvalidOSSRequestError (too large, not UTF-8, not JSON, nested
	beyond reason)."""
	body = body or b""
	if len(body) > MAX_BODY_BYTES:
		raise InvalidOSSRequestError(
			_("The request is larger than {0} MB.").format(MAX_BODY_BYTES // (1024 * 1024))
		)
	try:
		return json.loads(body.decode("utf-8"))
	except (UnicodeDecodeError, ValueError, RecursionError):
		raise InvalidOSSRequestError(_("The request body is not valid JSON.")) from None


def nib_of(data) -> str | None:
	"""The NIB a (possibly malformed) receiveNIB body names, for the Token check; None if none."""
	inner = data.get("dataNIB") if isinstance(data, dict) else None
	nib = inner.get("nib") if isinstance(inner, dict) else None
	nib = nib if isinstance(nib, str) else None
	return nib.strip() if nib else None


def parse_receive_nib(body: bytes | None) -> ReceivedNIB:
	"""Read a receiveNIB body, or raise InvalidOSSRequestError listing what breaks the PIA."""
	data = parse_json(body)
	if not isinstance(data, dict) or not isinstance(data.get("dataNIB"), dict):
		raise InvalidOSSRequestError(_("The body must be a JSON object with the object dataNIB."))
	nib_data = data["dataNIB"]
	problems: list[str] = []
	for name in REQUIRED_NIB_FIELDS:
		if nib_data.get(name) in (None, "", []):
			if name != "data_checklist" or "data_checklist" not in nib_data:
				problems.append(_("dataNIB.{0} is missing.").format(name))
	_check_fields(nib_data, NIB_FIELDS, "dataNIB", problems)
	if "tipe_dokumen " in nib_data:  # the PIA's own example writes the key with a trailing space
		_check_fields({"tipe_dokumen": nib_data["tipe_dokumen "]}, NIB_FIELDS, "dataNIB", problems)
	nib = _text(nib_data.get("nib"))
	if nib:
		try:
			nib = identity.normalize_nib(nib)
		except BPPMValidationError as e:
			problems.append(f"dataNIB.nib: {e}")
	dates = []
	for name in DATE_FIELDS:
		value = _text(nib_data.get(name))
		if value:
			parsed = parse_date(value)
			if parsed is None:
				problems.append(_("dataNIB.{0} must be a date written YYYY-MM-DD.").format(name))
			else:
				dates.append(parsed)
	responsible = _rows(nib_data, "penanggung_jwb", "dataNIB", problems)
	for index, row in enumerate(responsible):
		_check_fields(row, RESPONSIBLE_FIELDS, f"dataNIB.penanggung_jwb[{index}]", problems)
	projects = _rows(nib_data, "data_proyek", "dataNIB", problems)
	for index, row in enumerate(projects):
		_check_fields(row, PROJECT_FIELDS, f"dataNIB.data_proyek[{index}]", problems)
		for j, place in enumerate(
			_rows(row, "data_lokasi_proyek", f"dataNIB.data_proyek[{index}]", problems)
		):
			_check_fields(
				place, LOCATION_FIELDS, f"dataNIB.data_proyek[{index}].data_lokasi_proyek[{j}]", problems
			)
	checklist = _rows(nib_data, "data_checklist", "dataNIB", problems, limit=MAX_CHECKLIST_ITEMS)
	items = []
	for index, row in enumerate(checklist):
		where = f"dataNIB.data_checklist[{index}]"
		for name in REQUIRED_CHECKLIST_FIELDS:
			if _identifier(row.get(name)) == "":
				problems.append(_("{0}.{1} is missing.").format(where, name))
		_check_fields(row, CHECKLIST_FIELDS, where, problems)
		requirements = []
		for j, doc in enumerate(_rows(row, "data_persyaratan", where, problems)):
			_check_fields(doc, REQUIREMENT_FIELDS, f"{where}.data_persyaratan[{j}]", problems)
			requirements.append(
				Requirement(
					id_syarat=_text(doc.get("id_syarat")),
					no_dokumen=_text(doc.get("no_dokumen")),
					tgl_dokumen=_text(doc.get("tgl_dokumen")),
					file_dokumen=web_link(_text(doc.get("file_dokumen"))),
					keterangan=_text(doc.get("keterangan")),
				)
			)
		items.append(
			ChecklistItem(
				id_izin=_identifier(row.get("id_izin")),
				kd_izin=_identifier(row.get("kd_izin")),
				kewenangan=_identifier(row.get("kewenangan")),
				nama_izin=_text(row.get("nama_izin")),
				instansi=_text(row.get("instansi")),
				jenis_izin=_identifier(row.get("jenis_izin")),
				id_proyek=_identifier(row.get("id_proyek")),
				kd_daerah=_identifier(row.get("kd_daerah")),
				requirements=tuple(requirements),
				raw=row,
			)
		)
	if problems:
		raise InvalidOSSRequestError(" ".join(dict.fromkeys(problems)))
	first = responsible[0] if responsible else {}
	company = Company(
		nib=nib,
		name=_text(nib_data.get("nama_perseroan")),
		npwp=_digits(nib_data.get("npwp_perseroan")),
		address=join_address(_text(nib_data.get("alamat_perseroan")), _text(nib_data.get("rt_rw_perseroan"))),
		kelurahan=_text(nib_data.get("kelurahan_perseroan")),
		postal_code=_text(nib_data.get("kode_pos_perseroan")),
		email=_text(nib_data.get("email_perusahaan")),
		phone=_text(nib_data.get("nomor_telpon_perseroan")),
		responsible_name=_text(first.get("nama_penanggung_jwb")),
		responsible_position=_text(first.get("jabatan_penanggung_jwb")),
		responsible_email=_text(first.get("email_penanggung_jwb")),
		responsible_mobile=_text(first.get("no_hp_penanggung_jwb")),
		kbli=tuple(dict.fromkeys(_text(p.get("kbli")) for p in projects if _text(p.get("kbli")))),
		activity=next((_text(p.get("uraian_usaha")) for p in projects if _text(p.get("uraian_usaha"))), ""),
	)
	kind = _text(nib_data.get("tipe_dokumen", nib_data.get("tipe_dokumen ")))
	return ReceivedNIB(
		nib=nib,
		oss_id=_text(nib_data.get("oss_id")),
		company=company,
		items=tuple(unique_items(items)),
		dates=tuple(dates),
		withdrawn=kind in NIB_WITHDRAWN,
		data=data,
	)


def unique_items(items: Iterable[ChecklistItem]) -> list[ChecklistItem]:
	"""Each id_izin once (a body that repeats an item means it once), in the order of id_izin: two
	deliveries that list the same items in another order take their locks in the same order."""
	seen = {}
	for item in items:
		seen.setdefault(item.id_izin, item)
	return sorted(seen.values(), key=lambda item: item.id_izin)


def _text(value) -> str:
	if value is None or isinstance(value, bool):
		return ""
	if isinstance(value, int | float):
		return str(value)
	return value.strip() if isinstance(value, str) else ""


def _identifier(value) -> str:
	"""An identifier or code of the PIA in one spelling: NFKC, without whitespace or invisible
	characters (a zero-width space is not an id_izin), case kept."""
	return identifiers.canonical(_text(value), upper=False)


def _digits(value) -> str:
	return re.sub(r"\D", "", _text(value))


def _rows(data: dict, name: str, where: str, problems: list, limit: int = MAX_LIST_ROWS) -> list[dict]:
	value = data.get(name)
	if value in (None, ""):
		return []
	if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
		problems.append(_("{0}.{1} must be a list of objects.").format(where, name))
		return []
	if len(value) > limit:
		problems.append(_("{0}.{1} has more than {2} rows.").format(where, name, limit))
		return []
	return value


def _check_fields(data: dict, lengths: dict[str, int], where: str, problems: list) -> None:
	"""Each known field is text (or a number, where OSS sends one) no longer than the PIA allows."""
	for name, limit in lengths.items():
		value = data.get(name)
		if value is None:
			continue
		if isinstance(value, bool) or not isinstance(value, str | int | float):
			problems.append(_("{0}.{1} must be text.").format(where, name))
			continue
		text = _text(value)
		if len(text) > limit:
			problems.append(_("{0}.{1} is longer than {2} characters.").format(where, name, limit))
		elif _CONTROL.search(text):
			problems.append(_("{0}.{1} contains control characters.").format(where, name))


def parse_date(value: str | None) -> dt.date | None:
	if not value or not _DATE.match(value):
		return None
	try:
		return dt.date.fromisoformat(value)
	except ValueError:
		return None


def web_link(value: str) -> str:
	"""A document link from OSS, kept only when it is a plain http(s) URL (never ``javascript:``)."""
	value = (value or "").strip()
	if re.match(r"^https?://[^\s<>\"'`]+$", value, re.IGNORECASE):
		return value
	return ""


def join_address(street: str, rt_rw: str) -> str:
	return f"{street}, RT/RW {rt_rw}" if street and rt_rw else street


# --- the Token OSS sends ------------------------------------------------------------------------


def derived_token(secret: str, nib: str, day: dt.date) -> str:
	"""The PIA's Token: SHA1 of the agreed credentials, the NIB and the date (Ymd)."""
	return hashlib.sha1(f"{secret}{nib}{day:%Y%m%d}".encode()).hexdigest()


def token_valid(secret: str | None, token: str | None, nib: str | None, today: dt.date) -> bool:
	"""Whether OSS's ``Token`` header is the agreed one: the secret itself, or the PIA's SHA1 of the
	secret (username and password, concatenated), the NIB and the date, for yesterday, today or
	tomorrow (OSS's and the office's clocks sit in different time zones). Compared in constant
	time: every candidate is compared, whatever the first ones gave."""
	token = (token or "").strip()
	if not secret or not token:
		return False
	candidates = [secret]
	if nib:
		candidates += [derived_token(secret, nib, today + dt.timedelta(days=d)) for d in (-1, 0, 1)]
	valid = False
	for candidate in candidates:
		valid |= hmac.compare_digest(candidate.encode(), token.encode())
	return valid


MIN_TOKEN = 16


def check_inbound_token(token: str | None) -> None:
	if token and len(token.strip()) < MIN_TOKEN:
		raise BPPMValidationError(
			_("The token OSS sends must have at least {0} characters.").format(MIN_TOKEN)
		)


# --- which checklist items are the office's ------------------------------------------------------

OURS, OTHER_OFFICE, UNKNOWN_CODE, NIB_WITHDRAWN_OUTCOME = (
	"Application Created",
	"Other Authority",
	"Unknown Permit Code",
	"NIB Withdrawn",
)


def classify(item: ChecklistItem, known_codes: Iterable[str], withdrawn: bool = False) -> str:
	"""Whose item this is: the office's (kewenangan 02 and a kd_izin a permit type maps), another
	authority's (central or provincial), or a regency/city item with a code the office does not map."""
	if withdrawn:
		return NIB_WITHDRAWN_OUTCOME
	if item.kewenangan != KAB_KOTA:
		return OTHER_OFFICE
	if item.kd_izin not in set(known_codes):
		return UNKNOWN_CODE
	return OURS


def submission_time(dates: Iterable[dt.date], received: dt.datetime) -> dt.datetime:
	"""When the business submitted in OSS, which starts the office's SLA clock: the latest of the
	NIB's dates that is not after the day of receipt (OSS sends the checklist when the NIB is issued
	or changed). Within the day of receipt, the receipt itself; without a usable date, too."""
	usable = [d for d in dates if d <= received.date()]
	if not usable or max(usable) == received.date():
		return received
	return dt.datetime.combine(max(usable), dt.time.min)


# --- the statuses the office reports -------------------------------------------------------------

ENTER, LEAVE = "Enter", "Leave"


@dataclass(frozen=True)
class StatusRule:
	"""A row of the editable mapping (BPPM Settings › OSS Status Mapping): when an OSS application
	enters (or leaves) ``state`` and ``condition`` holds, OSS is told ``kd_status``."""

	state: str
	kd_status: str
	moment: str = ENTER
	condition: str = ""


def statuses_for(
	rules: Iterable[StatusRule],
	from_state: str | None,
	to_state: str | None,
	clock_before: str | None,
	clock_after: str | None,
	holds: Callable[[str], bool] = lambda condition: True,
) -> list[str]:
	"""The kd_status codes one transition reports, in order: what leaving the old state reports,
	42 when the SLA clock resumes, what entering the new state reports, 41 when the clock stops for
	the applicant. The clock comes from the workflow's own field (``sla_clock``), whatever the
	states are called."""
	rules = list(rules)
	out = []

	def matching(state, moment):
		return [
			r.kd_status
			for r in rules
			if r.state == state and (r.moment or ENTER) == moment and (not r.condition or holds(r.condition))
		]

	if from_state != to_state:
		out += matching(from_state, LEAVE)
	if clock_before == sla.PAUSED and clock_after == sla.RUNNING:
		out.append(SLA_RESUME)
	if from_state != to_state:
		out += matching(to_state, ENTER)
	if clock_after == sla.PAUSED and clock_before != sla.PAUSED:
		out.append(SLA_STOP)
	return out


def check_status_code(code: str | None) -> str:
	code = (code or "").strip()
	if code not in STATUS_CODES:
		raise BPPMValidationError(
			_("{0} is not a permit status code of the PIA (Lampiran 10).").format(code or "—")
		)
	return code


# --- what the office sends ----------------------------------------------------------------------

STATUS_LENGTHS = {"nama_status": 50, "nip_status": 50, "keterangan": 65535, "kd_instansi": 3}
LICENSE_LENGTHS = {"nomor_izin": 50, "nama_ttd": 50, "nip_ttd": 25, "jabatan_ttd": 150}


def _cut(value, limit: int) -> str:
	return _text(value)[:limit]


def status_payload(
	*,
	nib: str,
	oss_id: str,
	id_izin: str,
	kd_izin: str,
	kd_instansi: str,
	kd_status: str,
	at: dt.datetime,
	nip: str = "",
	name: str = "",
	remarks: str = "",
	id_proyek: str = "",
) -> dict:
	"""receiveLicenseStatus: ``{"IZINSTATUS": {...}}``."""
	body = {
		"nib": nib,
		"id_proyek": id_proyek,
		"oss_id": oss_id,
		"id_izin": id_izin,
		"kd_izin": kd_izin,
		"kd_instansi": _cut(kd_instansi, STATUS_LENGTHS["kd_instansi"]),
		"kd_status": kd_status,
		"tgl_status": f"{at:%Y-%m-%d %H:%M:%S}",
		"nip_status": _cut(nip, STATUS_LENGTHS["nip_status"]),
		"nama_status": _cut(name, STATUS_LENGTHS["nama_status"]),
		"keterangan": _cut(remarks, STATUS_LENGTHS["keterangan"]),
	}
	if not id_proyek:
		body.pop("id_proyek")
	return {"IZINSTATUS": body}


def license_payload(
	*,
	nib: str,
	oss_id: str,
	id_izin: str,
	kd_izin: str,
	kd_daerah: str,
	permit_number: str,
	issued_on: dt.date,
	valid_until: dt.date | None,
	signatory: str,
	signatory_nip: str,
	signatory_title: str,
	file_url: str,
	validity_months: int = 0,
	id_proyek: str = "",
	remarks: str = "",
) -> dict:
	"""receiveLicense: ``{"IZINFINAL": {...}}``, the issued permit with a link to its signed PDF."""
	months = int(validity_months or 0)
	body = {
		"nib": nib,
		"id_proyek": id_proyek,
		"oss_id": oss_id,
		"id_izin": id_izin,
		"kd_izin": kd_izin,
		"kd_daerah": kd_daerah,
		"nomor_izin": _cut(permit_number, LICENSE_LENGTHS["nomor_izin"]),
		"tgl_terbit_izin": f"{issued_on:%Y-%m-%d}",
		"tgl_berlaku_izin": f"{valid_until:%Y-%m-%d}" if valid_until else "",
		"nama_ttd": _cut(signatory, LICENSE_LENGTHS["nama_ttd"]),
		"nip_ttd": _cut(signatory_nip, LICENSE_LENGTHS["nip_ttd"]),
		"jabatan_ttd": _cut(signatory_title, LICENSE_LENGTHS["jabatan_ttd"]),
		"status_izin": APPROVED,
		"file_izin": file_url,
		"keterangan": remarks,
		"bln_berlaku_izin": months % 12,
		"thn_berlaku_izin": months // 12,
	}
	return {"IZINFINAL": body}


def check_payload(id_izin: str) -> dict:
	return {"CHECKLICENSESTATUS": {"id_izin": id_izin}}


def inquery_license_payload(id_izin: str) -> dict:
	return {"INQUERYLICENSE": {"id_izin": id_izin}}


def inquery_nib_payload(nib: str) -> dict:
	return {"INQUERYNIB": {"nib": nib}}


def receive_nib_answer(ok: bool, message: str, code: int = 200) -> dict:
	"""The office's answer to receiveNIB: the PIA's ``responreceiveNIB`` (status 1 or 2), with the
	Lampiran 9 code as ``kode``."""
	return {
		"responreceiveNIB": {
			"kode": str(code),
			"status": ANSWER_OK if ok else ANSWER_FAILED,
			"keterangan": message[:255],
		}
	}


# --- OSS's answers --------------------------------------------------------------------------------

SENT, RETRY, FAILED, UNKNOWN = "Sent", "Retry", "Failed", "Unknown"
RETRY_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})
UNKNOWN_CODES = frozenset({504})  # OSS timed out: it may or may not have stored the message


@dataclass(frozen=True)
class Outcome:
	kind: str  # SENT, RETRY (not stored, send again), UNKNOWN (maybe stored: check first), FAILED
	code: int | None  # OSS's kode (or the HTTP status)
	message: str


def answer_body(body: bytes | str | None) -> dict | None:
	"""OSS's answer object: the one ``respon…`` (or ``dataLicense``) object of the JSON body. The
	PIA spells the key differently in places (responcheckLicenseStatus, responcheckStatusLicense)."""
	if not body:
		return None
	try:
		data = json.loads(body if isinstance(body, str) else body.decode("utf-8", "replace"))
	except (ValueError, RecursionError):
		return None
	if not isinstance(data, dict):
		return None
	for key, value in data.items():
		if isinstance(value, dict) and (key.lower().startswith("respon") or key == "dataLicense"):
			return value
	return None


def _code(answer: dict | None) -> int | None:
	if not answer:
		return None
	value = answer.get("kode", answer.get("code"))
	try:
		return int(str(value).strip())
	except (TypeError, ValueError):
		return None


def judge(http_status: int | None, body: bytes | str | None, network_error: str = "") -> Outcome:
	"""What an attempt achieved. No answer at all (a timeout, a dropped connection) or OSS's own
	timeout (504): unknown, the message may have been stored. 500 and other 5xx: not stored, retry.
	A 4xx: OSS refuses the message (Failed, shown to the manager). 200 with ``kode`` 200: sent."""
	if http_status is None:
		return Outcome(UNKNOWN, None, network_error or "no answer")
	answer = answer_body(body)
	code = _code(answer)
	message = _text((answer or {}).get("keterangan") or (answer or {}).get("message"))
	if 200 <= http_status < 300:
		effective = code if code is not None else http_status
		if effective == 200:
			return Outcome(SENT, 200, message or RESPONSE_CODES[200])
		http_status = effective
	message = message or RESPONSE_CODES.get(http_status, "")
	if http_status in UNKNOWN_CODES:
		return Outcome(UNKNOWN, http_status, message)
	if http_status in RETRY_HTTP or http_status >= 500:
		return Outcome(RETRY, http_status, message)
	return Outcome(FAILED, http_status, message)


def status_of_check(body: bytes | str | None) -> tuple[int | None, str, str]:
	"""checkLicenseStatus: (kode, OSS's kd_status, its description)."""
	answer = answer_body(body)
	if not answer:
		return None, "", ""
	data = answer.get("dataIZIN") if isinstance(answer.get("dataIZIN"), dict) else {}
	return _code(answer), _text(data.get("kd_status")), _text(data.get("uraian_status"))


def license_number_of(body: bytes | str | None, id_izin: str) -> str:
	"""inqueryLicense: the permit number OSS holds for ``id_izin`` ("" when none)."""
	answer = answer_body(body)
	data = (answer or {}).get("data") if isinstance((answer or {}).get("data"), dict) else {}
	for row in data.get("data_checklist") or []:
		if isinstance(row, dict) and _text(row.get("id_izin")) == id_izin:
			return _text(row.get("no_izin"))
	return ""


def company_of_inquery(body: bytes | str | None) -> Company | None:
	"""inqueryNIB: the company OSS knows under the NIB, or None when OSS did not find it."""
	answer = answer_body(body)
	if not answer or _code(answer) != 200 or not isinstance(answer.get("dataNIB"), dict):
		return None
	try:
		received = parse_receive_nib(
			json.dumps({"dataNIB": {"data_checklist": [], **answer["dataNIB"]}}).encode()
		)
	except InvalidOSSRequestError:
		return None
	return received.company


# --- the outbox's schedule -------------------------------------------------------------------------

RETRY_DELAYS_MINUTES = (1, 2, 5, 10, 30, 60)
MAX_RETRY_DELAY = dt.timedelta(hours=6)
IN_FLIGHT_TIMEOUT = dt.timedelta(minutes=10)  # an attempt not recorded by then died with its worker


def retry_delay(attempts: int) -> dt.timedelta:
	"""How long to wait after the ``attempts``-th failed attempt: 1, 2, 5, 10, 30, 60 minutes, then
	doubling up to six hours. OSS is never given up on; the manager sees the attempts."""
	attempts = max(int(attempts or 1), 1)
	if attempts <= len(RETRY_DELAYS_MINUTES):
		return dt.timedelta(minutes=RETRY_DELAYS_MINUTES[attempts - 1])
	doubled = dt.timedelta(minutes=RETRY_DELAYS_MINUTES[-1]) * 2 ** (attempts - len(RETRY_DELAYS_MINUTES))
	return min(doubled, MAX_RETRY_DELAY)


# --- OSS's clock ------------------------------------------------------------------------------------


def oss_intervals(
	submitted_on: dt.datetime, acknowledged: Iterable[tuple[str, dt.datetime]]
) -> list[sla.Interval]:
	"""The SLA clock as OSS keeps it: running from the submission, stopped from the moment OSS
	accepted a 41 until it accepted the next 42. ``acknowledged``: (kd_status, when OSS answered 200)
	of the statuses OSS accepted, in order. A stop the office has not delivered yet does not stop
	OSS's clock."""
	intervals, start, clock = [], submitted_on, sla.RUNNING
	for code, at in sorted(acknowledged, key=lambda row: row[1]):
		at = max(at, submitted_on)
		if code == SLA_STOP and clock == sla.RUNNING:
			intervals.append(sla.Interval(start, at, clock))
			start, clock = at, sla.PAUSED
		elif code == SLA_RESUME and clock == sla.PAUSED:
			intervals.append(sla.Interval(start, at, clock))
			start, clock = at, sla.RUNNING
		elif code in FINAL_STATUSES:
			intervals.append(sla.Interval(start, at, clock))
			return intervals
	intervals.append(sla.Interval(start, None, clock))
	return intervals


def disagreement(expected: str | None, reported: str | None, pending: int) -> str:
	"""Where OSS and the office disagree on an application's status ("" when they agree). OSS may
	lag behind while messages are still pending; that is not a disagreement."""
	expected, reported = (expected or "").strip(), (reported or "").strip()
	if reported == expected or (pending and reported != DEEMED_APPROVED):
		return ""
	if reported == DEEMED_APPROVED:
		return _("OSS approved the application automatically (57, fiktif positif).")
	return _("OSS reports status {0} ({1}); the office last reported {2} ({3}).").format(
		reported or "—",
		STATUS_CODES.get(reported, "?"),
		expected or "—",
		STATUS_CODES.get(expected, "?"),
	)
