"""A local OSS RBA for development and tests: a small HTTP server (Python's standard library only)
that answers the PIA's methods the way OSS does, records what it received, and sends receiveNIB to
the office as OSS does.

Methods (POST ``/<method>``, header ``user_key``): receiveLicenseStatus, receiveLicense,
checkLicenseStatus, inqueryLicense, inqueryNIB. Answers carry the PIA's shapes and Lampiran 9 codes:
401 for a wrong user key, 400 for a body that is not the method's shape, 200 otherwise. What the
next calls of a method do can be planned: ``500`` and ``504`` (not stored), ``"timeout"`` (stored,
but the answer comes only after the client gave up), ``("slow", seconds)`` (stored, answered late),
``401``/``400`` (refused).

OSS's state is kept per ``id_izin``: its current ``kd_status`` (the last status it accepted) and the
permit it received. Every request is recorded (method, body, whether the key was right, the answer);
the key's value itself is not.

From a shell (the demo; README "OSS RBA")::

    python tests/oss_local.py serve --port 8219 --user-key demo-oss-user-key
    python tests/oss_local.py send-nib --office http://bppm.localhost:8000 \\
        --token demo-oss-inbound-token --kd-izin 000000000001
"""

import argparse
import collections
import datetime as dt
import json
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 5 * 1024 * 1024
RESPONSE_CODES = {
	200: "Sukses",
	400: "Data Parameter Salah",
	401: "User Akses Tidak Valid",
	404: "Akses Service Tidak Ditemukan",
	500: "Proses Payload Data Di Sistem OSS Gagal",
	504: "Proses Payload Data Di Sistem OSS Timeout",
}
STATUS_NAMES = {
	"05": "Proses Penapisan", "09": "Telah Melengkapi Persyaratan", "10": "Dokumen Lengkap",
	"11": "Dokumen Belum Lengkap", "12": "Pemenuhan Komitmen", "20": "Validasi",
	"30": "Verifikasi Pembayaran", "31": "Konfirmasi Pembayaran", "32": "Menunggu Verifikasi Bukti Bayar PNBP",
	"33": "Persetujuan Pembayaran", "34": "Perbaikan Konfirmasi Pembayaran", "40": "Inspeksi",
	"41": "Konfirmasi Persyaratan", "42": "Data Konfirmasi Persyaratan", "43": "Re-Konfirmasi Persyaratan",
	"44": "Data Re-Konfirmasi Persyaratan", "45": "Persyaratan terverifikasi", "49": "Pengambilan Nomor",
	"50": "Disetujui", "52": "Terbit Sementara", "57": "Disetujui secara otomatis oleh sistem OSS (fiktif positif)",
	"60": "Peringatan", "70": "Penghentian Sementara Kegiatan Berusaha", "80": "Pengenaan Denda Administratif",
	"90": "Ditolak", "93": "Penolakan Persyaratan",
}  # fmt: skip
# the answer object of each method, as the PIA names it
ANSWER_KEYS = {
	"receiveLicenseStatus": "responreceiveLicenseStatus",
	"receiveLicense": "responreceiveLicense",
	"checkLicenseStatus": "responcheckLicenseStatus",
	"inqueryNIB": "responinqueryNIB",
}


@dataclass
class Received:
	method: str
	body: object
	key_ok: bool
	status: int = 0  # the HTTP status OSS answered (0: the client gave up before)
	stored: bool = False  # OSS took the message in (its state changed)
	at: float = field(default_factory=time.time)


class LocalOSS:
	"""The server and its state. ``start()``/``stop()``, or use it as a context manager."""

	def __init__(self, user_key: str, host: str = "127.0.0.1", port: int = 0, timeout_sleep: float = 4.0):
		self.user_key = user_key
		self.host, self.port = host, port
		self.timeout_sleep = timeout_sleep  # how long a planned "timeout" keeps the client waiting
		self.received: list[Received] = []
		self.statuses: dict[str, str] = {}  # id_izin → OSS's current kd_status ("" known, no status)
		self.items: dict[str, dict] = {}  # id_izin → what OSS sent the office about it
		self.licenses: dict[str, dict] = {}  # id_izin → the IZINFINAL OSS accepted
		self.companies: dict[str, dict] = {}  # nib → dataNIB (for inqueryNIB)
		self.plans: dict[str, collections.deque] = collections.defaultdict(collections.deque)
		self.lock = threading.Lock()
		self._server: ThreadingHTTPServer | None = None

	# --- running ---------------------------------------------------------------------------------
	@property
	def url(self) -> str:
		return f"http://{self.host}:{self.port}"

	def start(self) -> "LocalOSS":
		oss = self

		class Handler(_Handler):
			local = oss

		self._server = ThreadingHTTPServer((self.host, self.port), Handler)
		self._server.daemon_threads = True
		self.port = self._server.server_address[1]
		threading.Thread(target=self._server.serve_forever, daemon=True).start()
		return self

	def stop(self) -> None:
		if self._server:
			self._server.shutdown()
			self._server.server_close()
			self._server = None

	def __enter__(self):
		return self.start()

	def __exit__(self, *exc):
		self.stop()

	# --- what the tests arrange and read --------------------------------------------------------
	def plan(self, method: str, *behaviours) -> None:
		"""What the next calls of ``method`` do, in order (see the module's docstring)."""
		with self.lock:
			self.plans[method].extend(behaviours)

	def clear_plans(self) -> None:
		with self.lock:
			self.plans.clear()

	def reset(self) -> None:
		with self.lock:
			self.received.clear()
			self.plans.clear()

	def plant_status(self, id_izin: str, kd_status: str) -> None:
		"""OSS's own status of an application, whatever the office sent (e.g. 57, or a disagreement)."""
		with self.lock:
			self.statuses[id_izin] = kd_status

	def add_company(self, data_nib: dict) -> None:
		"""A business inqueryNIB knows (a receiveNIB ``dataNIB``; its checklist is left out)."""
		with self.lock:
			self.companies[data_nib["nib"]] = {k: v for k, v in data_nib.items() if k != "data_checklist"}

	def calls(self, method: str | None = None, id_izin: str | None = None) -> list[Received]:
		with self.lock:
			rows = list(self.received)
		return [
			r
			for r in rows
			if (method is None or r.method == method) and (id_izin is None or _id_izin(r.body) == id_izin)
		]

	def accepted(self, method: str, id_izin: str | None = None) -> list[dict]:
		"""The bodies of ``method`` OSS took in (stored), in the order it took them."""
		return [r.body for r in self.calls(method, id_izin) if r.stored]

	def kd_statuses(self, id_izin: str) -> list[str]:
		return [body["IZINSTATUS"]["kd_status"] for body in self.accepted("receiveLicenseStatus", id_izin)]

	# --- OSS calling the office: receiveNIB ----------------------------------------------------------
	def send_nib(
		self,
		office: str,
		token: str | None,
		body,
		content_type: str = "application/json",
		timeout: float = 120,
	):
		"""POST a receiveNIB body (a dict, or raw bytes) to the office, as OSS does. Returns
		(HTTP status, the answer's JSON or text). Remembers the items it sent."""
		raw = body if isinstance(body, bytes) else json.dumps(body).encode()
		if isinstance(body, dict):
			for item in body.get("dataNIB", {}).get("data_checklist") or []:
				with self.lock:
					self.items[item["id_izin"]] = item
					self.statuses.setdefault(item["id_izin"], "")
		headers = {"Content-Type": content_type}
		if token is not None:
			headers["Token"] = token
		request = urllib.request.Request(
			office.rstrip("/") + "/api/method/bppm_app.api.oss_receive_nib",
			data=raw,
			headers=headers,
			method="POST",
		)
		try:
			with urllib.request.urlopen(request, timeout=timeout) as response:
				status, text = response.status, response.read().decode()
		except urllib.error.HTTPError as e:
			status, text = e.code, e.read().decode()
		try:
			return status, json.loads(text)
		except ValueError:
			return status, text

	# --- the PIA's methods ---------------------------------------------------------------------------
	def handle(self, method: str, body) -> tuple[int, dict, bool]:
		"""(HTTP status, answer, stored) for one well-formed call."""
		if method == "receiveLicenseStatus":
			data = body.get("IZINSTATUS") if isinstance(body, dict) else None
			if (
				not isinstance(data, dict)
				or not data.get("id_izin")
				or data.get("kd_status") not in STATUS_NAMES
			):
				return 400, _answer(method, 400, "Data Parameter Salah", dataNIB={}), False
			if len(str(data.get("nama_status", ""))) > 50 or len(str(data.get("kd_instansi", ""))) > 3:
				return 400, _answer(method, 400, "Data Parameter Salah", dataNIB={}), False
			self.statuses[data["id_izin"]] = data["kd_status"]
			return 200, _answer(method, 200, "Sukses", dataNIB={}), True
		if method == "receiveLicense":
			data = body.get("IZINFINAL") if isinstance(body, dict) else None
			if not isinstance(data, dict) or not data.get("id_izin") or not data.get("nomor_izin"):
				return 400, _answer(method, 400, "Data Parameter Salah"), False
			if len(data["nomor_izin"]) > 50 or len(str(data.get("nama_ttd", ""))) > 50:
				return 400, _answer(method, 400, "Data Parameter Salah"), False
			self.licenses[data["id_izin"]] = data
			return (
				200,
				_answer(
					method,
					200,
					"Sukses",
					nomor_izin=data["nomor_izin"],
					jenis_perizinan="02",
					file_lampiran="",
				),
				True,
			)
		if method == "checkLicenseStatus":
			id_izin = (
				(body.get("CHECKLICENSESTATUS") or {}).get("id_izin") if isinstance(body, dict) else None
			)
			if not id_izin:
				return 400, _answer(method, 400, "Data Parameter Salah", dataIZIN={}), False
			if id_izin not in self.statuses:
				return (
					400,
					_answer(method, 400, "Data izin tidak ditemukan", dataIZIN={"id_izin": id_izin}),
					False,
				)
			code = self.statuses[id_izin]
			item = self.items.get(id_izin, {})
			return (
				200,
				_answer(
					method,
					200,
					"Sukses",
					dataIZIN={
						"nib": item.get("nib", ""),
						"id_proyek": item.get("id_proyek", ""),
						"id_izin": id_izin,
						"kd_status": code,
						"uraian_status": STATUS_NAMES.get(code, ""),
						"file_lampiran": "",
					},
				),
				False,
			)
		if method == "inqueryLicense":
			id_izin = (body.get("INQUERYLICENSE") or {}).get("id_izin") if isinstance(body, dict) else None
			if not id_izin or id_izin not in self.statuses:
				return (
					400,
					{"dataLicense": {"success": False, "code": 400, "message": "Data izin tidak ditemukan"}},
					False,
				)
			item = self.items.get(id_izin, {})
			license = self.licenses.get(id_izin, {})
			data = {
				"oss_id": license.get("oss_id", ""),
				"id_izin": id_izin,
				"kd_izin": item.get("kd_izin", ""),
				"kd_daerah": item.get("kd_daerah", ""),
				"kewenangan": item.get("kewenangan", ""),
				"data_checklist": [
					{
						**{k: v for k, v in item.items() if k != "data_persyaratan"},
						"no_izin": license.get("nomor_izin", ""),
					}
				],
			}
			return (
				200,
				{
					"dataLicense": {
						"success": True,
						"code": 200,
						"message": "Berhasil mendapatkan data izin",
						"data": data,
						"meta": None,
					}
				},
				False,
			)
		if method == "inqueryNIB":
			nib = (body.get("INQUERYNIB") or {}).get("nib") if isinstance(body, dict) else None
			if not nib:
				return 400, _answer(method, 400, "Data Parameter Salah"), False
			if nib not in self.companies:
				return 200, _answer(method, 404, "Data NIB tidak ditemukan"), False
			return 200, _answer(method, 200, "Sukses", dataNIB=self.companies[nib]), False
		return 404, {"respon": {"kode": 404, "keterangan": RESPONSE_CODES[404]}}, False

	# --- bodies as OSS writes them -----------------------------------------------------------------
	@staticmethod
	def nib_body(nib: str, items: list[dict], **company) -> dict:
		"""A receiveNIB body in the PIA's shape: a company (PT) with one responsible person and one
		project, and the checklist ``items`` (each needs id_izin, kd_izin, kewenangan)."""
		today = dt.date.today().isoformat()
		project = "R-" + "".join(random.choices("0123456789", k=20))
		data = {
			"nib": nib,
			"tgl_pengajuan_nib": today,
			"tgl_terbit_nib": today,
			"tgl_perubahan_nib": "",
			"oss_id": "P-" + "".join(random.choices("0123456789", k=20)),
			"id_izin": "",
			"kd_izin": "",
			"kd_daerah": "6474",
			"kewenangan": "02",
			"jenis_pelaku_usaha": "01",
			"versi_pia": "4.3",
			"status_badan_hukum": "01",
			"status_penanaman_modal": "02",
			"npwp_perseroan": "012345678901000",
			"nama_perseroan": "PT Maju Bersama Bontang",
			"jenis_perseroan": "01",
			"alamat_perseroan": "Jl. Mulawarman No. 12",
			"rt_rw_perseroan": "003/001",
			"kelurahan_perseroan": "Api-Api",
			"perseroan_daerah_id": "6474010001",
			"kode_pos_perseroan": "75311",
			"nomor_telpon_perseroan": "0548123456",
			"email_perusahaan": "izin@majubersama.example",
			"skala_usaha": "02",
			"penanggung_jwb": [
				{
					"flag_asing": "N",
					"jns_identitas_penanggung_jwb": "01",
					"no_identitas_penanggung_jwb": "6474014508900001",
					"nama_penanggung_jwb": "Rina Kartika",
					"jabatan_penanggung_jwb": "Direktur",
					"no_hp_penanggung_jwb": "081234567890",
					"email_penanggung_jwb": "rina@majubersama.example",
				}
			],
			"data_proyek": [
				{
					"id_proyek": project,
					"nomor_proyek": project,
					"uraian_usaha": "Perdagangan eceran",
					"kbli": "47111",
					"sektor": "090",
					"nama_kegiatan": "Toko Maju Bersama",
					"data_lokasi_proyek": [
						{
							"id_proyek_lokasi": "L-1",
							"proyek_daerah_id": "6474010001",
							"alamat_usaha": "Jl. Mulawarman No. 12, Bontang",
						}
					],
				}
			],
			"data_checklist": [
				{"id_proyek": project, "kd_daerah": "6474", "data_persyaratan": [], **item} for item in items
			],
			"status_nib": "01",
			"tipe_dokumen": "9",
		}
		data.update(company)
		return {"dataNIB": data}


def _id_izin(body) -> str | None:
	if not isinstance(body, dict):
		return None
	for value in body.values():
		if isinstance(value, dict) and value.get("id_izin"):
			return value["id_izin"]
	return None


def _answer(method: str, code: int, text: str, **extra) -> dict:
	return {ANSWER_KEYS.get(method, "respon" + method): {"kode": code, "keterangan": text, **extra}}


class _Handler(BaseHTTPRequestHandler):
	local: LocalOSS
	protocol_version = "HTTP/1.1"

	def log_message(self, *args):
		pass

	def _send(self, status: int, answer: dict) -> None:
		data = json.dumps(answer).encode()
		try:
			self.send_response(status)
			self.send_header("Content-Type", "application/json")
			self.send_header("Content-Length", str(len(data)))
			self.end_headers()
			self.wfile.write(data)
		except OSError:
			pass  # the client gave up (a planned timeout)

	def do_GET(self):
		if self.path == "/_local/received":
			rows = [r.__dict__ for r in self.local.calls()]
			self._send(200, {"received": rows, "statuses": self.local.statuses})
			return
		self._send(404, {"respon": {"kode": 404, "keterangan": RESPONSE_CODES[404]}})

	def do_POST(self):
		method = self.path.strip("/").split("/")[-1].split("?")[0]
		length = int(self.headers.get("Content-Length") or 0)
		raw = self.rfile.read(min(length, MAX_BODY))
		key_ok = self.headers.get("user_key") == self.local.user_key
		try:
			body = json.loads(raw.decode("utf-8"))
		except ValueError:
			body = None
		record = Received(method, body, key_ok)
		with self.local.lock:
			self.local.received.append(record)
			plan = self.local.plans[method].popleft() if self.local.plans.get(method) else None
		if not key_ok or plan == 401:
			record.status = 401
			self._send(401, _answer(method, 401, RESPONSE_CODES[401]))
			return
		if body is None or plan == 400:
			record.status = 400
			self._send(400, _answer(method, 400, RESPONSE_CODES[400]))
			return
		if plan in (500, 504):
			record.status = plan
			self._send(plan, _answer(method, plan, RESPONSE_CODES[plan]))
			return
		with self.local.lock:
			status, answer, stored = self.local.handle(method, body)
		record.stored = stored
		if plan == "timeout":
			time.sleep(self.local.timeout_sleep)  # stored, but the client has given up by now
		elif isinstance(plan, tuple) and plan[0] == "slow":
			time.sleep(plan[1])
		record.status = status
		self._send(status, answer)


# --- from a shell ------------------------------------------------------------------------------------


def main(argv=None) -> int:
	parser = argparse.ArgumentParser(description="A local OSS RBA (PIA v4.3) for development.")
	sub = parser.add_subparsers(dest="command", required=True)
	serve = sub.add_parser("serve", help="answer the PIA's methods on a port")
	serve.add_argument("--host", default="127.0.0.1")
	serve.add_argument("--port", type=int, default=8219)
	serve.add_argument("--user-key", required=True)
	serve.add_argument("--nib", default="8120001234567", help="a NIB inqueryNIB knows (the demo company)")
	send = sub.add_parser("send-nib", help="send a receiveNIB to the office")
	send.add_argument("--office", required=True, help="the office's site URL")
	send.add_argument("--token", required=True)
	send.add_argument("--nib", default="8120001234567")
	send.add_argument(
		"--kd-izin", action="append", required=True, help="a kd_izin of this office (repeatable)"
	)
	send.add_argument("--id-izin", help="default: a new one")
	args = parser.parse_args(argv)
	if args.command == "serve":
		oss = LocalOSS(args.user_key, args.host, args.port)
		oss.add_company(LocalOSS.nib_body(args.nib, [])["dataNIB"])
		oss.start()
		print(
			f"local OSS on {oss.url} (user_key {args.user_key!r}); GET {oss.url}/_local/received", flush=True
		)
		seen = 0
		try:
			while True:
				time.sleep(0.5)
				for row in oss.calls()[seen:]:
					print(
						json.dumps(
							{"method": row.method, "status": row.status, "body": row.body}, ensure_ascii=False
						),
						flush=True,
					)
				seen = len(oss.calls())
		except KeyboardInterrupt:
			oss.stop()
		return 0
	items = [
		{
			"id_izin": args.id_izin
			if args.id_izin and i == 0
			else "I-" + "".join(random.choices("0123456789", k=20)),
			"kd_izin": code,
			"kewenangan": "02",
			"nama_izin": f"Izin {code}",
			"instansi": "DPMPTSP Kota Bontang",
			"jenis_izin": "02",
		}
		for i, code in enumerate(args.kd_izin)
	]
	body = LocalOSS.nib_body(args.nib, items)
	print(json.dumps(body, indent=1, ensure_ascii=False))
	status, answer = LocalOSS("").send_nib(args.office, args.token, body)
	print(status, json.dumps(answer, ensure_ascii=False))
	return 0 if status == 200 else 1


if __name__ == "__main__":
	sys.exit(main())
