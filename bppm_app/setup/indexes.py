"""Composite indexes for the reports, the daily jobs and the public pages.

Frappe creates one-column indexes from ``search_index`` in the DocType JSON; the queries of the
reports need several columns in one index, so that MariaDB answers them from the index alone
(a "covering" index) instead of reading every table row. Each index lists the query it serves.
They are added by a patch on existing sites and after install on new ones (Frappe marks patches
as done on a fresh install without running them).
"""

import frappe

INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
	"Permit Application": {
		# SLA Compliance and the public statistics: per permit type, the applications received in
		# a period, with everything the figures need (read as one index range per type)
		"bppm_sla": (
			"permit_type", "submitted_on", "sla_status", "sla_working_days_used", "docstatus", "decision",
			"office_days", "agency_days", "applicant_days",
		),
		# median and p90: the values of one permit type in order
		"bppm_sla_ranks": ("permit_type", "sla_working_days_used", "sla_status", "submitted_on"),
		# the register's totals: per workflow state, the applications received in a period (an
		# index holds at most 3072 bytes: the channel and kecamatan filters read the rows)
		"bppm_register": ("workflow_state", "submitted_on", "docstatus", "decision", "sla_status", "permit_type"),
		# Levy Revenue: assessed by the month received, paid by the month paid, per permit type
		"bppm_levy_assessed": ("requires_levy", "permit_type", "submitted_on", "levy_amount", "levy_paid",
			"decision"),
		"bppm_levy_paid": ("levy_paid", "permit_type", "paid_on", "levy_amount", "requires_levy"),
		# Permit Expiry and the expiry reminder: issued permits by their last valid day
		"bppm_expiry": ("valid_until", "docstatus", "decision", "permit_type"),
		# the daily SLA refresh: open applications of a clock, in name order
		"bppm_open": ("docstatus", "sla_clock"),
	},
	"Permit Application Stage": {
		# SLA Compliance per stage: per (state, holder), the stages of applications received in a
		# period
		"bppm_stage_report": (
			"state", "holder", "submitted_on", "permit_type", "sla_clock", "working_days", "first_visit",
			"application_sla_status", "entered_on",
		),
		# median and p90 of the stage visits
		"bppm_stage_ranks": ("state", "holder", "working_days", "submitted_on", "sla_clock", "permit_type"),
		# Deemed Approval Risk: open stages of a state, oldest first
		"bppm_stage_open": ("left_on", "sla_clock", "state", "entered_on"),
	},
	"Investment Report": {
		# LKPM Compliance and reminders: the year's reports of each investment and quarter
		"bppm_lkpm_quarter": ("year", "investment", "quarter", "docstatus", "status", "reported_on"),
		# Investment Realization: approved reports of each investment
		"bppm_lkpm_approved": (
			"docstatus", "investment", "year", "quarter", "investment_in_period", "workers_local",
			"workers_foreign",
		),
	},
}  # fmt: skip


def existing(doctype: str) -> dict[str, tuple[str, ...]]:
	"""{index name: its columns in order} of a DocType's table."""
	columns: dict[str, list] = {}
	for row in frappe.db.sql(f"show index from `tab{doctype}`", as_dict=True):
		columns.setdefault(row.Key_name, []).append((row.Seq_in_index, row.Column_name))
	return {name: tuple(column for _seq, column in sorted(cols)) for name, cols in columns.items()}


def present(table: str) -> set[str]:
	"""The index names of a table (`tabX`), cached for the site until ``ensure`` runs."""
	key = f"bppm:indexes:{table}"
	names = frappe.cache.get_value(key)
	if names is None:
		names = sorted(row.Key_name for row in frappe.db.sql(f"show index from `{table}`", as_dict=True))
		frappe.cache.set_value(key, names)
	return set(names)


def ensure() -> list[str]:
	"""Create the indexes a site lacks, and rebuild those whose columns changed. Returns the names
	created or rebuilt."""
	created = []
	for doctype, indexes in INDEXES.items():
		present_now = existing(doctype)
		for name in present_now:
			if name.startswith("bppm_") and name not in indexes:  # an index this version no longer uses
				frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
		for name, columns in indexes.items():
			if present_now.get(name) == columns:
				continue
			drop = f"drop index `{name}`, " if name in present_now else ""
			frappe.db.sql_ddl(
				f"alter table `tab{doctype}` {drop}add index `{name}` ({', '.join(f'`{c}`' for c in columns)})"
			)
			created.append(name)
		frappe.cache.delete_value(f"bppm:indexes:tab{doctype}")
	return created


def ensure_exact_references() -> None:
	"""Give ``bank_reference`` a binary collation (install and every migrate): MariaDB's default one
	ignores case, so ``ref-1`` would be a repeat of ``REF-1`` (and its unique index would refuse
	it), and a real payment would be answered as recorded and never stored."""
	table = "tabLevy Payment"
	collation = frappe.db.sql(
		"""select collation_name from information_schema.columns
		where table_schema = database() and table_name = %s and column_name = 'bank_reference'""",
		table,
	)
	if collation and collation[0][0] != "utf8mb4_bin":
		frappe.db.sql_ddl(
			f"alter table `{table}` modify `bank_reference` varchar(140) character set utf8mb4 collate utf8mb4_bin"
		)
