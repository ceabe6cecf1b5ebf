"""Bulk seeding of a province-sized office: applicants, permit applications with their stage log,
investments and their LKPM reports, written with multi-row INSERTs (no documents, no controllers).

Only for the throwaway benchmark site: ``wipe()`` empties the seeded tables. The shape follows the
office's data: most applications decided (Met or Breached against their permit type's SLA, issued
or rejected, levy paid), a backlog of open ones submitted in the last 90 days with an open stage,
three stage rows per application, four LKPM reports per investment (one per ended quarter).
"""

import contextlib
import datetime as dt
import random
import secrets

import frappe

PREFIX = "BENCH"
DAY = dt.timedelta(days=1)
KECAMATAN = [f"Kecamatan {i:02d}" for i in range(1, 25)]
SECTORS = ["Energi", "Industri", "Pariwisata", "Perdagangan", "Pertanian", "Perikanan", "Konstruksi",
	"Transportasi", "Kesehatan", "Pendidikan"]  # fmt: skip
OPEN_STATES = (
	# (state, clock, holder) of the stage an open file sits in
	("Under Verification", "Running", "Office"),
	("Field Inspection", "Running", "Office"),
	("Technical Review", "Running", "Other Agency"),
	("Awaiting Payment", "Paused", "Applicant"),
	("Returned for Revision", "Paused", "Applicant"),
	("Awaiting Approval", "Running", "Office"),
)
LAST_DECIDED_STAGE = (
	("Technical Review", "Running", "Other Agency"),
	("Awaiting Payment", "Paused", "Applicant"),
	("Awaiting Approval", "Running", "Office"),
)
TABLES = ("Applicant", "Permit Application", "Permit Application Stage", "Investment", "Investment Report")
CHUNK = 2000


def wipe(site: str) -> None:
	"""Empty the seeded tables. Only on the benchmark's own site."""
	if not site.startswith("bppm-bench"):
		raise RuntimeError(f"refusing to wipe {site}: only the throwaway benchmark site is wiped")
	for doctype in TABLES:
		frappe.db.sql_ddl(f"truncate table `tab{doctype}`")
	frappe.db.sql("delete from `tabApplication Document`")
	frappe.db.sql("delete from `tabComment` where reference_doctype = 'Permit Application'")
	frappe.db.commit()  # a throwaway site: each step of the benchmark starts from committed data


@contextlib.contextmanager
def indexes_off(doctypes=TABLES):
	"""Drop the secondary (non-unique) indexes of the seeded tables while rows are inserted, and
	build them again afterwards, one ALTER per table: much faster than keeping them current."""
	saved = {}
	for doctype in doctypes:
		columns: dict[str, list] = {}
		for row in frappe.db.sql(f"show index from `tab{doctype}`", as_dict=True):
			if row.Key_name != "PRIMARY" and row.Non_unique:
				columns.setdefault(row.Key_name, []).append((row.Seq_in_index, row.Column_name, row.Sub_part))
		saved[doctype] = columns
		if columns:
			frappe.db.sql_ddl(
				f"alter table `tab{doctype}` " + ", ".join(f"drop index `{n}`" for n in columns)
			)
	try:
		yield
	finally:
		from bppm_app.setup import indexes

		for doctype, columns in saved.items():
			# the app's own indexes are built by indexes.ensure(), from their current definition
			columns = {n: p for n, p in columns.items() if n not in indexes.INDEXES.get(doctype, {})}
			if not columns:
				continue
			adds = []
			for name, parts in columns.items():
				cols = ", ".join(f"`{c}`" + (f"({sub})" if sub else "") for _seq, c, sub in sorted(parts))
				adds.append(f"add index `{name}` ({cols})")
			frappe.db.sql_ddl(f"alter table `tab{doctype}` " + ", ".join(adds))


def _insert(doctype: str, columns: list[str], rows: list[tuple]) -> None:
	if not rows:
		return
	placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
	head = f"insert into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)}) values "
	for start in range(0, len(rows), CHUNK):
		chunk = rows[start : start + CHUNK]
		frappe.db.sql(head + ", ".join([placeholders] * len(chunk)), [v for row in chunk for v in row])


def _ts(value: dt.datetime) -> str:
	return value.strftime("%Y-%m-%d %H:%M:%S")


def permit_types() -> list[frappe._dict]:
	# get_all: the benchmark seeds as the system on its own site
	return frappe.get_all(
		"Permit Type",
		filters={"is_active": 1},
		fields=["name", "code", "sla_working_days", "requires_levy", "levy_base_amount", "levy_rate",
			"validity_months", "requires_field_inspection", "requires_technical_recommendation"],
		order_by="name",
	)  # fmt: skip


APPLICANT_COLUMNS = ["name", "creation", "modified", "owner", "modified_by", "applicant_type",
	"applicant_name", "nik", "email", "mobile_no", "kecamatan", "city"]  # fmt: skip


def seed_applicants(start: int, count: int, now: str) -> None:
	rows = []
	for i in range(start, start + count):
		rows.append(
			(f"{PREFIX}-APL-{i:07d}", now, now, "Administrator", "Administrator", "Individual",
			 f"Pemohon Nomor {i}", f"6474{i:012d}", f"pemohon{i}@example.com", f"+62812{i:08d}",
			 KECAMATAN[i % len(KECAMATAN)], "Bontang")
		)  # fmt: skip
	_insert("Applicant", APPLICANT_COLUMNS, rows)


APPLICATION_COLUMNS = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "applicant",
	"applicant_name", "applicant_email", "applicant_mobile_no", "permit_type", "channel", "workflow_state",
	"decision", "tracking_pin", "subject", "kecamatan", "quantity", "requires_field_inspection",
	"requires_technical_recommendation", "requires_levy", "sla_working_days", "sla_clock", "submitted_on",
	"sla_due_date", "sla_working_days_used", "sla_status", "levy_amount", "skrd_number", "levy_paid",
	"paid_on", "permit_number", "issued_on", "valid_until", "verification_code", "office_days", "agency_days",
	"applicant_days"]  # fmt: skip
HOLDER_DAYS = {"Office": "office_days", "Other Agency": "agency_days", "Applicant": "applicant_days"}
STAGE_COLUMNS = ["name", "creation", "modified", "owner", "modified_by", "permit_application", "permit_type",
	"state", "holder", "sla_clock", "entered_on", "left_on", "working_days", "submitted_on",
	"application_sla_status", "first_visit"]  # fmt: skip


def _working(days: float) -> float:
	"""Calendar days to working days, roughly (5 of 7)."""
	return round(days * 5 / 7, 4)


def seed_applications(
	start: int, count: int, applicants: int, types: list, today: dt.date, open_share: float, rng
) -> None:
	"""``count`` applications numbered from ``start``: decided ones over the last three years, a
	share ``open_share`` still open, submitted within the last 90 days."""
	now = dt.datetime.combine(today, dt.time(6, 0))
	span = 3 * 365
	for chunk_start in range(start, start + count, 10_000):
		apps, stages = [], []
		for i in range(chunk_start, min(start + count, chunk_start + 10_000)):
			pt = types[i % len(types)] if rng.random() < 0.5 else rng.choice(types[:4])
			applicant = rng.randrange(applicants)
			is_open = rng.random() < open_share
			age = rng.uniform(0.5, 90) if is_open else rng.uniform(20, span)
			submitted = now - dt.timedelta(days=age, minutes=rng.randrange(600))
			sla_days = int(pt.sla_working_days or 10)
			quantity = rng.randint(1, 400)
			levy = (
				round(float(pt.levy_base_amount or 0) + float(pt.levy_rate or 0) * quantity)
				if pt.requires_levy
				else 0
			)
			name = f"{PREFIX}-{i:08d}"
			first = rng.uniform(0.05, 1.5)
			second = rng.uniform(0.5, 6)
			row = dict.fromkeys(APPLICATION_COLUMNS)
			row.update(
				name=name, creation=_ts(submitted - DAY), modified=_ts(submitted), owner="Administrator",
				modified_by="Administrator", applicant=f"{PREFIX}-APL-{applicant:07d}",
				applicant_name=f"Pemohon Nomor {applicant}", applicant_email=f"pemohon{applicant}@example.com",
				applicant_mobile_no=f"+62812{applicant:08d}", permit_type=pt.name,
				channel="Online" if rng.random() < 0.6 else "Counter", tracking_pin=f"{rng.randrange(10**6):06d}",
				subject=f"Usaha nomor {i}", kecamatan=KECAMATAN[applicant % len(KECAMATAN)], quantity=quantity,
				requires_field_inspection=pt.requires_field_inspection,
				requires_technical_recommendation=pt.requires_technical_recommendation,
				requires_levy=pt.requires_levy, sla_working_days=sla_days, submitted_on=_ts(submitted),
				levy_amount=levy, docstatus=0, levy_paid=0,
			)  # fmt: skip
			entered = [submitted, submitted + dt.timedelta(days=first)]
			if is_open:
				state, clock, holder = rng.choice(OPEN_STATES)
				entered.append(entered[1] + dt.timedelta(days=min(second, age - first - 0.01)))
				if entered[2] >= now:
					entered[2] = now - dt.timedelta(hours=1)
				used = _working((now - submitted).days)
				row.update(
					workflow_state=state, decision="", sla_clock=clock, sla_working_days_used=used,
					sla_status="Overdue" if used > sla_days else ("At Risk" if used > 0.8 * sla_days else "On Track"),
					sla_due_date=(submitted + dt.timedelta(days=sla_days * 7 / 5 + 1)).date(),
				)  # fmt: skip
				lefts = [entered[1], entered[2], None]
				if clock == "Paused" and state == "Awaiting Payment" and levy:
					row.update(skrd_number=f"SKRD/B/{i:08d}")
			else:
				state, clock, holder = rng.choice(LAST_DECIDED_STAGE)
				third = rng.uniform(0.5, 10)
				entered.append(entered[1] + dt.timedelta(days=second))
				decided_at = entered[2] + dt.timedelta(days=third)
				running = first + second + (0 if clock == "Paused" else third)
				used = _working(running)
				approved = rng.random() < 0.85
				row.update(
					docstatus=1, workflow_state="Issued" if approved else "Rejected",
					decision="Approved" if approved else "Rejected", sla_clock="Stopped",
					sla_working_days_used=used, sla_status="Met" if used <= sla_days else "Breached",
					sla_due_date=(submitted + dt.timedelta(days=sla_days * 7 / 5 + 1)).date(),
				)  # fmt: skip
				lefts = [entered[1], entered[2], decided_at]
				if levy and (approved or rng.random() < 0.2):
					row.update(skrd_number=f"SKRD/B/{i:08d}", levy_paid=1, paid_on=(entered[2] + DAY).date())
				if approved:
					issued = decided_at.date()
					months = int(pt.validity_months or 0)
					row.update(
						permit_number=f"{pt.code}/{i:08d}/BPPM/{issued.year}",
						issued_on=issued,
						valid_until=issued + dt.timedelta(days=round(months * 30.4)) if months else None,
						verification_code=secrets.token_urlsafe(24),
					)
			plan = [("Submitted", "Running", "Office"), ("Under Verification", "Running", "Office"),
				(state, clock, holder)]  # fmt: skip
			row.update(dict.fromkeys(HOLDER_DAYS.values(), 0.0))
			seen = set()
			for position, ((s_state, s_clock, s_holder), begin, end) in enumerate(
				zip(plan, entered, lefts, strict=True)
			):
				days = _working(((end or now) - begin).total_seconds() / 86400)
				first = (s_state, s_holder) not in seen
				seen.add((s_state, s_holder))
				row[HOLDER_DAYS[s_holder]] = round(row[HOLDER_DAYS[s_holder]] + days, 4)
				stages.append(
					(f"{name}-{position}", _ts(begin), _ts(begin), "Administrator", "Administrator", name,
					 pt.name, s_state, s_holder, s_clock, _ts(begin), _ts(end) if end else None, days,
					 row["submitted_on"], row["sla_status"], int(first))
				)  # fmt: skip
			apps.append(tuple(row[c] for c in APPLICATION_COLUMNS))
		_insert("Permit Application", APPLICATION_COLUMNS, apps)
		_insert("Permit Application Stage", STAGE_COLUMNS, stages)
		frappe.db.commit()  # throwaway site: commit chunk by chunk to keep the undo log small


INVESTMENT_COLUMNS = ["name", "creation", "modified", "owner", "modified_by", "investor", "investor_name",
	"investor_email", "project_name", "investment_type", "kbli_code", "sector", "status", "kecamatan",
	"planned_investment", "realized_investment", "lkpm_required", "lkpm_start_date",
	"current_workers_local", "current_workers_foreign"]  # fmt: skip
REPORT_COLUMNS = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "investment",
	"project_name", "investor", "investor_name", "year", "quarter", "status", "workflow_state",
	"period_start", "period_end", "due_date", "reported_on", "is_late", "investment_in_period",
	"workers_local", "workers_foreign", "lkpm_key"]  # fmt: skip


def ended_quarters(today: dt.date, count: int = 4) -> list[tuple[int, str, dt.date, dt.date, dt.date]]:
	"""The last ``count`` quarters that have ended: (year, quarter, start, end, due date)."""
	from bppm_app.rules import lkpm

	year, number = today.year, (today.month - 1) // 3 + 1
	out = []
	while len(out) < count:
		number -= 1
		if number == 0:
			year, number = year - 1, 4
		quarter = lkpm.QUARTERS[number - 1]
		start, end = lkpm.period(year, quarter)
		out.append((year, quarter, start, end, lkpm.due_date(year, quarter)))
	return list(reversed(out))


def seed_investments(start: int, count: int, applicants: int, today: dt.date, rng) -> None:
	now = _ts(dt.datetime.combine(today, dt.time(6, 0)))
	quarters = ended_quarters(today)
	investments, reports = [], []
	for i in range(start, start + count):
		name = f"{PREFIX}-INV-{i:07d}"
		investor = rng.randrange(applicants)
		status = rng.choices(("Operating", "Construction", "Planned", "Stopped"), (60, 25, 10, 5))[0]
		planned = rng.randint(1, 500) * 100_000_000
		realized, local, foreign = 0, 0, 0
		project = f"Proyek {i}"
		for year, quarter, q_start, _end, due in quarters:
			report_status = rng.choices(
				("Approved", "Submitted", "Needs Revision", "Draft"), (75, 10, 5, 10)
			)[0]
			reported = due + dt.timedelta(days=rng.randint(-25, 10)) if report_status != "Draft" else None
			amount = rng.randint(0, 50) * 10_000_000
			workers = rng.randint(0, 200), rng.randint(0, 10)
			if report_status == "Approved":
				realized += amount
				local, foreign = workers
			reports.append(
				(f"{PREFIX}-LKPM-{i:07d}-{year}{quarter}", now, now, "Administrator", "Administrator",
				 1 if report_status == "Approved" else 0, name, project, f"{PREFIX}-APL-{investor:07d}",
				 f"Pemohon Nomor {investor}", year, quarter, report_status, report_status, q_start, _end, due,
				 reported, int(bool(reported) and reported > due), amount, workers[0], workers[1],
				 f"{name}/{year}/{quarter}")
			)  # fmt: skip
		investments.append(
			(name, now, now, "Administrator", "Administrator", f"{PREFIX}-APL-{investor:07d}",
			 f"Pemohon Nomor {investor}", f"pemohon{investor}@example.com", project,
			 "PMA" if rng.random() < 0.3 else "PMDN", f"{rng.randint(10000, 99999)}", rng.choice(SECTORS), status,
			 KECAMATAN[i % len(KECAMATAN)], planned, realized, int(rng.random() < 0.9),
			 quarters[0][2] - dt.timedelta(days=rng.randint(0, 400)), local, foreign)
		)  # fmt: skip
	_insert("Investment", INVESTMENT_COLUMNS, investments)
	_insert("Investment Report", REPORT_COLUMNS, reports)
	frappe.db.commit()  # throwaway site


def seed(
	applications: int,
	offset: int = 0,
	today: dt.date | None = None,
	open_share: float = 0.2,
	seed_value: int = 14,
) -> dict:
	"""Add ``applications`` applications (numbered from ``offset``), one applicant per five
	applications, and one investment (with four LKPM reports) per twenty applications."""
	today = today or frappe.utils.getdate()
	rng = random.Random(seed_value + offset)
	types = permit_types()
	if not types:
		raise RuntimeError("no active permit types: load the demo first (bench --site SITE bppm-demo)")
	now = _ts(dt.datetime.combine(today, dt.time(6, 0)))
	applicants_total = (offset + applications) // 5
	with indexes_off():
		seed_applicants(offset // 5, applications // 5, now)
		seed_applications(offset, applications, applicants_total, types, today, open_share, rng)
		seed_investments(offset // 20, applications // 20, applicants_total, today, rng)
	frappe.db.commit()  # throwaway site
	from bppm_app.setup import indexes

	indexes.ensure()
	for doctype in TABLES:
		frappe.db.sql(f"analyze table `tab{doctype}`")
	return {
		"applications": offset + applications,
		"stages": 3 * (offset + applications),
		"investments": (offset + applications) // 20,
		"lkpm_reports": 4 * ((offset + applications) // 20),
	}
