"""The database side of the office's reports: permission conditions for query-builder queries,
date ranges, paging, and the median and p90 computed by the database.

Reports aggregate in SQL (GROUP BY) and return figures, not rows. They still show each user only
what ``frappe.get_list`` would: ``read_condition`` is the exact condition get_list adds for the
session user (role permissions with "if owner", user permissions, shared documents and the app's
``permission_query_conditions``), added to a query on that DocType's table. A user without read
permission on the DocType gets a PermissionError, as from get_list.

Median and p90 (``grouped``) without sorting every value and without sending them to Python:
the query that counts and sums per group also counts the values per group in buckets of a tenth
of a day; the buckets that hold the wanted positions are then read back (a few hundred values),
and the exact values at those positions are picked from them. One scan of an index and one
narrow lookup, instead of a sort of the whole range.
"""

import datetime
from decimal import Decimal

import frappe
from frappe.model.db_query import DatabaseQuery
from frappe.query_builder import Case
from frappe.query_builder.builder import Base
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, cint
from pypika.functions import Floor
from pypika.terms import Criterion, Term

from bppm_app.rules import report_stats

BUCKETS_PER_UNIT = 50  # ranks: values are counted in buckets of 0.02 (working days)
PAGE_LENGTH = 500  # rows per page of the reports that list rows


class Raw(Criterion):
	"""A ready-made SQL condition inside a query-builder query."""

	def __init__(self, sql: str):
		super().__init__()
		# query-builder queries run with %(name)s parameters: a literal % must be doubled
		self.sql = sql.replace("%", "%%")

	def get_sql(self, **kwargs) -> str:
		return self.sql


def read_condition(doctype: str) -> Criterion | None:
	"""The condition ``frappe.get_list(doctype)`` adds for the session user, on `tab<doctype>`
	(None when the user may read every row). Raises PermissionError without read permission."""
	frappe.has_permission(doctype, "read", throw=True)
	query = DatabaseQuery(doctype)
	query.fields = [f"`tab{doctype}`.`name`"]
	query.filters, query.or_filters = [], []
	query.reference_doctype = doctype
	query.build_conditions()
	sql = " and ".join(query.conditions)
	return Raw(f"({sql})") if sql else None


def readable_through(link, doctype: str) -> Criterion | None:
	"""A condition on ``link`` (a column holding names of ``doctype``) that keeps the rows whose
	``doctype`` record the user may read. None when they may read all of them."""
	condition = read_condition(doctype)
	if condition is None:
		return None
	table = frappe.qb.DocType(doctype)
	return link.isin(frappe.qb.from_(table).select(table.name).where(condition))


def where_all(query, *conditions):
	"""``query`` with every condition that is not None."""
	for condition in conditions:
		if condition is not None:
			query = query.where(condition)
	return query


def count_if(condition):
	"""How many rows meet ``condition`` (an aggregate: a sum of ones)."""
	return Sum(Case().when(condition, 1).else_(0))


def day_range(from_date: datetime.date, to_date: datetime.date) -> tuple[str, str]:
	"""[from 00:00, the day after to_date 00:00): whole days, for a Datetime column."""
	return f"{from_date} 00:00:00", f"{add_days(to_date, 1)} 00:00:00"


def in_days(column, from_date: datetime.date, to_date: datetime.date) -> Criterion:
	start, end = day_range(from_date, to_date)
	return (column >= start) & (column < end)


# --- paging ---------------------------------------------------------------------------------------


def page_of(filters) -> tuple[int, int]:
	"""(offset, page length) from the report's ``page`` filter (1-based)."""
	page = max(cint(filters.get("page")) or 1, 1)
	return (page - 1) * PAGE_LENGTH, PAGE_LENGTH


def page_message(filters, total: int, shown: int) -> str | None:
	"""The line above a paged report: which rows of how many."""
	if not total:
		return None
	offset, _length = page_of(filters)
	if not shown:
		return frappe._("Page {0} is past the last row ({1} rows). Choose a smaller page.").format(
			cint(filters.get("page")), total
		)
	if shown >= total:
		return None
	return frappe._("Rows {0}–{1} of {2}. Change the Page filter to see the others.").format(
		offset + 1, offset + shown, total
	)


# --- groups with median and p90 -----------------------------------------------------------------


class Combine:
	SUM, MIN = "sum", "min"


def grouped(
	base,
	value: Term,
	groups: list[Term],
	aggregates: dict[str, tuple[Term, str]] | None = None,
	ranked: Criterion | None = None,
	overall: bool = False,
	scan_index: str | None = None,
	pick_index: str | None = None,
	split: list[tuple] | None = None,
) -> tuple[dict[tuple, dict], dict | None]:
	"""Figures per combination of ``groups`` over the rows of ``base`` (a query-builder query with
	its FROM and WHERE), in one scan: each of ``aggregates`` ({name: (SQL term, Combine.SUM or
	Combine.MIN)}), and the median and p90 of ``value`` over the rows that match ``ranked`` (all
	rows when None). With ``overall``, the same over all groups together (key ``None``).

	The scan groups by the groups and by ``value`` in buckets of a tenth: the aggregates add up
	over the buckets, and the bucket counts say which buckets hold the median and p90 positions.
	A second query reads only those buckets (a few hundred values) and picks the exact values.
	``scan_index`` and ``pick_index`` name the indexes for the two queries (used when present).
	With ``split`` (the combinations of group values to expect), the scan runs once per
	combination and groups by bucket alone: an index range per combination, and a grouping on a
	number rather than on long texts, which is what makes MariaDB slow on a million rows.

	Returns ({group values: figures}, figures of all groups or None), where figures holds the
	aggregates, ``count`` (rows ranked), ``median`` and ``p90``."""
	aggregates = aggregates or {}
	bucket = Floor(value * BUCKETS_PER_UNIT)
	counted = Count("*") if ranked is None else count_if(ranked)
	columns = [
		bucket.as_("bucket"),
		counted.as_("ranked_rows"),
		*[term.as_(name) for name, (term, _how) in aggregates.items()],
	]
	if split is None:
		scanned = (
			hinted(base, scan_index).select(*groups, *columns).groupby(*groups, bucket).run(as_list=True)
		)
	else:
		scanned = []
		for combination in split:
			query = hinted(base, scan_index)
			for term, group_value in zip(groups, combination, strict=True):
				query = query.where(term.isnull() if group_value is None else term == group_value)
			rows = query.select(*columns).groupby(bucket).run(as_list=True)
			scanned.extend([*combination, *row] for row in rows)
	figures: dict[tuple, dict] = {}
	counts: dict[tuple, dict[int, int]] = {}
	for row in scanned:
		key = tuple(row[: len(groups)])
		b, n, values = int(row[len(groups)]), int(row[len(groups) + 1] or 0), row[len(groups) + 2 :]
		entry = figures.setdefault(key, {})
		for (name, (_term, how)), v in zip(aggregates.items(), values, strict=True):
			entry[name] = _combine(entry.get(name), v, how)
		if n:
			counts.setdefault(key, {})[b] = counts.get(key, {}).get(b, 0) + n
	total_figures = None
	if overall:
		total_figures = dict.fromkeys(aggregates)
		for entry in figures.values():
			for name, (_term, how) in aggregates.items():
				total_figures[name] = _combine(total_figures.get(name), entry.get(name), how)
	totals: dict[int, int] = {}
	for buckets in counts.values():
		for b, n in buckets.items():
			totals[b] = totals.get(b, 0) + n
	wanted = {key: _locate(buckets) for key, buckets in counts.items()}
	wanted_overall = _locate(totals) if overall and totals else {}

	def between(b: int):
		low = Decimal(b) / BUCKETS_PER_UNIT
		return (value >= low) & (value < low + Decimal(1) / BUCKETS_PER_UNIT)

	terms = []
	for key, needs in wanted.items():
		match = None
		for term, group_value in zip(groups, key, strict=True):
			equal = term.isnull() if group_value is None else term == group_value
			match = equal if match is None else match & equal
		for b in sorted({b for b, _offset in needs.values()}):
			terms.append(between(b) if match is None else match & between(b))
	if wanted_overall:
		# the overall positions: the same buckets in every group (kept to the groups' own values,
		# so that the index is read as ranges)
		known = groups[0].isin(sorted({key[0] for key in counts if key[0] is not None})) if groups else None
		for b in sorted({b for b, _offset in wanted_overall.values()}):
			terms.append(between(b) if known is None else known & between(b))
	values: dict[tuple, list] = {}
	if terms:
		condition = terms[0]
		for term in terms[1:]:
			condition = condition | term
		pass_two = hinted(base, pick_index).select(*groups, value).where(condition)
		if ranked is not None:
			pass_two = pass_two.where(ranked)
		for row in pass_two.run(as_list=True):
			values.setdefault(tuple(row[: len(groups)]), []).append(row[-1])
	for key, entry in figures.items():
		count = sum(counts.get(key, {}).values())
		entry.update(count=count, **_pick(values.get(key, []), wanted.get(key, {}), count))
	if total_figures is not None:
		count = sum(totals.values())
		everything = [v for listed in values.values() for v in listed]
		total_figures.update(count=count, **_pick(everything, wanted_overall, count))
	for entry in [*figures.values(), total_figures or {}]:
		for name, value in entry.items():
			if isinstance(value, Decimal):
				entry[name] = int(value) if value == value.to_integral_value() else float(value)
	return figures, total_figures


def _combine(current, value, how: str):
	if value is None:
		return current
	if how == Combine.MIN:
		return value if current is None or value < current else current
	# Frappe hands DECIMAL sums over as floats: add their stored digits exactly
	return (current or Decimal(0)) + Decimal(str(value))


def _pick(values: list, needs: dict[int, tuple[int, int]], count: int) -> dict:
	"""The median and p90 from the values of the wanted buckets."""
	if not count:
		return {"median": None, "p90": None}
	in_bucket: dict[int, list] = {}
	for v in values:
		# Frappe hands DECIMAL columns over as floats: str() gives back the stored digits
		in_bucket.setdefault(int(Decimal(str(v)) * BUCKETS_PER_UNIT // 1), []).append(v)
	for listed in in_bucket.values():
		listed.sort()
	at = {position: float(in_bucket[b][offset]) for position, (b, offset) in needs.items()}
	median, p90 = report_stats.from_ranks(at, count)
	return {"median": median, "p90": p90}


ROOMY = 256 * 1024 * 1024


def run_roomy(query, **kwargs):
	"""Run ``query`` with room for in-memory temporary tables. A derived table of 50,000
	investments (names are 560-byte keys in memory) outgrows MariaDB's default 16 MB, and on
	disk the same query is five times slower."""
	from frappe.query_builder.terms import NamedParameterWrapper

	wrapper = NamedParameterWrapper()
	sql = query.get_sql(param_wrapper=wrapper)
	return frappe.db.sql(
		f"set statement tmp_table_size={ROOMY}, max_heap_table_size={ROOMY} for {sql}",
		wrapper.get_parameters(),
		**kwargs,
	)


def hinted(query, index: str | None):
	"""``query`` told to use ``index`` of its table, when the site has that index."""
	if not index:
		return query
	from bppm_app.setup import indexes

	table = query._from[0]
	if index not in indexes.present(table.get_table_name()):
		return query
	return query.force_index(index)


def _locate(buckets: dict[int, int]) -> dict[int, tuple[int, int]]:
	"""{position: (bucket, 0-based offset in the bucket)} for the median and p90 positions."""
	count = sum(buckets.values())
	positions = sorted(set(report_stats.rank_positions(count)))
	located, seen, i = {}, 0, 0
	for b in sorted(buckets):
		n = buckets[b]
		while i < len(positions) and positions[i] <= seen + n:
			located[positions[i]] = (b, positions[i] - seen - 1)
			i += 1
		seen += n
	return located


# --- working time in SQL --------------------------------------------------------------------------


class Sql(Term):
	"""A ready-made SQL expression inside a query-builder query (built from trusted values)."""

	def __init__(self, sql: str, alias: str | None = None):
		super().__init__(alias=alias)
		self.sql = sql.replace("%", "%%")

	def get_sql(self, with_alias: bool = False, **kwargs) -> str:
		if with_alias and self.alias:
			return f"{self.sql} as `{self.alias}`"
		return self.sql


def working_days_from(column: str, calendar, first_day: datetime.date, last_day: datetime.date) -> str:
	"""SQL: the working time (in days, per the office's calendar) from ``first_day`` 00:00 to the
	Datetime in ``column``, for values between ``first_day`` and ``last_day``. The calendar is
	Python's (bppm_app.rules.sla), written into the query as one number per day."""
	before, flags, passed = [], [], 0
	day = first_day
	while day <= last_day:
		working = calendar.is_working_day(day)
		before.append(str(passed))
		flags.append("1" if working else "0")
		passed += int(working)
		day += datetime.timedelta(days=1)
	index = f"datediff({column}, '{first_day}') + 1"
	return f"(elt({index}, {', '.join(before)}) + elt({index}, {', '.join(flags)}) * time_to_sec({column}) / 86400)"


def table(doctype: str):
	"""The query-builder table of a DocType; usable at import time (no site needed)."""
	return Base.DocType(doctype)
