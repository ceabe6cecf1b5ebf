"""Behaviour the app's DocTypes share: each field written only by its owner, on every path, and
child rows changed only through their parent document.

Frappe gives each field an owner through permission levels (the field's ``permlevel`` and the roles
that may write that level), but it checks them only on permission-checked saves, and there it puts
the old value back without a word. Web forms and the portal's own methods save with
``ignore_permissions``, where Frappe checks nothing. :class:`FieldOwnership` makes the levels hold on
every path, and refuses a change to a field the user may not write with a clear message, storing
nothing. :class:`ChildRow` refuses rows inserted, saved or deleted on their own (Frappe's generic
endpoints accept them, checking only the parent *DocType*), so the parent's permissions and rules
always apply to its rows.
"""

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import cint, cstr, flt, get_datetime, getdate

from bppm_app.exceptions import ChildRowError, FieldOwnershipError
from bppm_app.roles import is_staff

NUMBER_TYPES = ("Float", "Currency", "Percent")
WHOLE_TYPES = ("Int", "Check")


def value_changed(df, new, old) -> bool:
	"""Whether a field's value really changed, whatever the client's formatting (``"0"`` and ``0``,
	``None`` and ``""``, a date and its string)."""
	fieldtype = df.fieldtype if df else "Data"
	if fieldtype in NUMBER_TYPES:
		return flt(new) != flt(old)
	if fieldtype in WHOLE_TYPES:
		return cint(new) != cint(old)
	if fieldtype == "Date":
		return (getdate(new) if new else None) != (getdate(old) if old else None)
	if fieldtype == "Datetime":
		return (get_datetime(new) if new else None) != (get_datetime(old) if old else None)
	return cstr(new) != cstr(old)


def _default(df):
	return df.default if df.default is not None else None


def _is_value_field(df) -> bool:
	return df.fieldtype not in no_value_fields or df.fieldtype in table_fields


class FieldOwnership:
	"""Mixin for a Document: a field may change only if the user may write its permission level.

	Staff have the levels their roles' permission rows give them. Portal users hold no permission on
	the app's DocTypes; on the app's own surfaces (web forms, portal methods, which check ownership
	first) they may write ``portal_write_levels``. Administrator and installs/migrations are the
	system and write everything."""

	#: the levels a portal user may write through the app's own surfaces
	portal_write_levels: frozenset[int] = frozenset({0})

	def validate_higher_perm_levels(self):
		"""Frappe's hook for permission levels, run on every insert and save before ``validate``."""
		before = self.get_doc_before_save()
		if before is not None and self.flags.ignore_permissions:
			# the caller decided the permission (e.g. ownership on a portal surface); Frappe's own
			# workflow check reads the stored document and must not ask again
			before.flags.ignore_permissions = True
		if frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch:
			return
		if frappe.session.user == "Administrator":
			return
		changed = self.fields_changed_outside(self.writable_levels(), before)
		if changed:
			frappe.throw(
				_("You cannot change {0}: it is the work of another role of the office.").format(
					", ".join(frappe.bold(label) for label in changed)
				),
				exc=FieldOwnershipError,
				title=_("Not permitted"),
			)

	def writable_levels(self) -> set[int]:
		levels = set(self.get_permlevel_access("write"))
		if not is_staff():
			levels |= set(self.portal_write_levels)
		return levels

	def fields_changed_outside(self, levels: set[int], before) -> list[str]:
		"""Labels of the fields at levels outside ``levels`` whose values differ from the stored
		document (or, for a new one, from the defaults)."""
		changed = []
		for df in self.meta.fields:
			if not _is_value_field(df):
				continue
			label = _(df.label or df.fieldname)
			if df.fieldtype in table_fields:
				if df.permlevel in levels:
					changed += self._child_fields_changed(df, levels, before)
				elif self._rows_changed(df, before):
					changed.append(label)
			elif df.permlevel not in levels:
				old = before.get(df.fieldname) if before is not None else _default(df)
				if value_changed(df, self.get(df.fieldname), old):
					changed.append(label)
		return changed

	def _rows_changed(self, table_df, before) -> bool:
		child_meta = frappe.get_meta(table_df.options)
		old_rows = list(before.get(table_df.fieldname) or []) if before is not None else []
		new_rows = list(self.get(table_df.fieldname) or [])
		if [r.name for r in new_rows] != [r.name for r in old_rows]:
			return bool(new_rows or old_rows)
		return any(
			value_changed(cdf, new.get(cdf.fieldname), old.get(cdf.fieldname))
			for new, old in zip(new_rows, old_rows, strict=True)
			for cdf in child_meta.fields
			if _is_value_field(cdf)
		)

	def _child_fields_changed(self, table_df, levels: set[int], before) -> list[str]:
		child_meta = frappe.get_meta(table_df.options)
		owned_elsewhere = [
			cdf for cdf in child_meta.fields if _is_value_field(cdf) and cdf.permlevel not in levels
		]
		if not owned_elsewhere:
			return []
		old_rows = {row.name: row for row in (before.get(table_df.fieldname) or [])} if before else {}
		changed = []
		for row in self.get(table_df.fieldname) or []:
			old = old_rows.pop(row.name, None) if row.name else None
			for cdf in owned_elsewhere:
				reference = old.get(cdf.fieldname) if old is not None else _default(cdf)
				if value_changed(cdf, row.get(cdf.fieldname), reference):
					changed.append(f"{_(table_df.label)}: {_(cdf.label)}")
		for old in old_rows.values():
			# a removed row takes the office's work on it with it
			for cdf in owned_elsewhere:
				if value_changed(cdf, old.get(cdf.fieldname), _default(cdf)):
					changed.append(f"{_(table_df.label)}: {_(cdf.label)}")
		return list(dict.fromkeys(changed))


class ChildRow:
	"""Mixin for a child table's controller. Frappe writes the rows of a parent's save itself,
	without these hooks; they run only when a row is inserted, saved or deleted on its own."""

	def before_insert(self):
		self._refuse_alone()

	def validate(self):
		self._refuse_alone()

	def on_trash(self):
		self._refuse_alone()

	def _refuse_alone(self):
		frappe.throw(
			_("Rows of {0} are changed only by saving the {1} they belong to.").format(
				_(self.doctype), _(self.parenttype or "document")
			),
			exc=ChildRowError,
			title=_("Not permitted"),
		)
