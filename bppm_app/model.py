"""Behaviour the app's DocTypes share: each field written only by its owner, on every path; a
workflow judged from the stored and the saved document; and child rows changed only through their
parent document.

Frappe gives each field an owner through permission levels (the field's ``permlevel`` and the roles
that may write that level), but it checks them only on permission-checked saves, and there it puts
the old value back without a word. Web forms and the portal's own methods save with
``ignore_permissions``, where Frappe checks nothing. :class:`FieldOwnership` makes the levels hold on
every path, and refuses a change to a field the user may not write with a clear message, storing
nothing. :class:`ChildRow` refuses rows inserted, saved or deleted on their own (Frappe's generic
endpoints accept them, checking only the parent *DocType*), so the parent's permissions and rules
always apply to its rows. :class:`WorkflowGuard` (Permit Application, Public Complaint, Investment
Report) lets a document's state change only by a transition its user may take, its engine fields only
through its controller, and a save only from someone with a part in the stored state.
"""

import frappe
from frappe import _
from frappe.model import attachment_fieldtypes, no_value_fields, table_fields
from frappe.utils import cint, cstr, flt, get_datetime, getdate

from bppm_app.exceptions import (
	ChildRowError,
	FieldOwnershipError,
	NotYourTurnError,
	ProtectedFieldError,
	WorkflowActionRequiredError,
	user_errors,
)
from bppm_app.roles import OFFICE_ADMIN_ROLES, is_staff
from bppm_app.rules import limits

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


class WorkflowGuard:
	"""Mixin for a workflow-driven DocType: where the document goes is judged from the stored and
	the saved document (``engine.workflow.judge``), its workflow's fields change only with that
	transition, its engine fields only through the controller's own engines, and a save comes only
	from someone with a part in the stored state. The DocType lists its fields; ``judge`` runs from
	its ``validate`` (and ``before_cancel`` / ``before_update_after_submit`` where it has those)."""

	#: set only by a transition: the state and the field the next state sets
	action_fields: tuple[str, ...] = ("workflow_state",)
	#: set only by the controller's engines; a new document leaves them at their defaults
	engine_fields: tuple[str, ...] = ()
	#: set when the document is made (before_insert), fixed afterwards
	creation_fields: tuple[str, ...] = ()
	#: besides the engine fields, what a new document must leave at its default
	new_document_fields: tuple[str, ...] = ()
	#: roles that may correct the document in any state
	office_admin_roles = OFFICE_ADMIN_ROLES

	@property
	def transition(self):
		"""The workflow transition this save makes, once judged (None for a plain save)."""
		return self.flags.get("bppm_transition")

	def judge(self):
		"""Where the document goes (a transition, or none) and whether this user may make this save."""
		from bppm_app.engine import workflow

		self.flags.bppm_transition = workflow.judge(self)
		self.guard_engine_fields()
		self.guard_turn()

	def guard_engine_fields(self):
		"""The workflow's fields change only with a transition, the engines' fields only through the
		engines: never by a client, whatever the path."""
		from bppm_app.engine import workflow

		before = self.get_doc_before_save()
		if before is None:
			for field in (*self.new_document_fields, *self.engine_fields):
				df = self.meta.get_field(field)
				if value_changed(df, self.get(field), df.default):
					raise ProtectedFieldError(self.protected_message(field))
			return
		allowed = set()
		wf = workflow.get_workflow(self.doctype)
		if self.transition and wf:
			row = workflow.state_row(wf, self.transition.to_state)
			allowed = {wf.workflow_state_field, row.update_field if row else None}
		for field in (*self.action_fields, *self.engine_fields, *self.creation_fields):
			if field in allowed or not value_changed(
				self.meta.get_field(field), self.get(field), before.get(field)
			):
				continue
			if field == "workflow_state":
				raise WorkflowActionRequiredError(
					_("The state of {0} changes only through its workflow actions.").format(_(self.doctype))
				)
			raise ProtectedFieldError(self.protected_message(field))

	def protected_message(self, field: str) -> str:
		label = _(self.meta.get_label(field))
		return _("{0} is set by the office's workflow and cannot be changed directly.").format(label)

	def guard_turn(self):
		"""Only those with a part in the stored state may save: its allow_edit role and the roles of
		its transitions. The office's administrators may correct at any time."""
		from bppm_app.engine import workflow

		if self.is_new():
			return
		roles = set(frappe.get_roles())
		if frappe.session.user == "Administrator" or roles & self.office_admin_roles:
			return
		wf = workflow.get_workflow(self.doctype)
		state = self.get_doc_before_save().get("workflow_state")
		if wf and not roles & workflow.roles_acting_in(wf, state):
			raise NotYourTurnError(
				_("{0} {1} is at the {2} stage; you cannot change it now.").format(
					_(self.doctype), self.name, _(state)
				)
			)


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


# --- every save (doc_events "*" in hooks.py) ----------------------------------------------------


def keep_rows_with_their_parent(doc, method=None) -> None:
	"""``validate`` of every DocType: a row that belongs to another record is never moved into this
	one. Frappe saves a row sent with an existing row's ``name`` by updating that row's parent, so a
	web form, ``savedocs`` or REST save could take another person's document row (with its file) into
	one's own record."""
	for df in doc.meta.get_table_fields():
		names = [row.name for row in doc.get(df.fieldname) or [] if row.name]
		if not names:
			continue
		stored = frappe.db.sql(
			f"select name, parent, parenttype, parentfield from `tab{df.options}` where name in %(names)s",
			{"names": names},
		)
		for _name, parent, parenttype, parentfield in stored:
			if (parent, parenttype, parentfield) != (doc.name, doc.doctype, df.fieldname):
				frappe.throw(
					_("A row of another record cannot be moved into this one."),
					ChildRowError,
					title=_("Not permitted"),
				)


def keep_private_files_with_their_readers(doc, method=None) -> None:
	"""``validate`` of every DocType: an Attach field may name a private file only when the person
	saving may read it already. Frappe's ``attach_files_to_document`` (on_update of every record)
	attaches the File of an Attach field's URL to the record, or makes a new File for it, so that
	whoever reads the record reads the file: without this check, a user's own profile picture set to
	another person's private upload (``user_image``) would give them that upload. Frappe finds the
	File by the database's comparison, which takes ``／`` for ``/`` and ignores case, so every File
	the value matches there is checked, and a value spelled otherwise than its file is refused."""
	fields = [df.fieldname for df in doc.meta.fields if df.fieldtype in attachment_fieldtypes]
	if not fields or frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch:
		return
	session = getattr(frappe.local, "session", None)
	user = session.user if session else None
	if not user or user == "Administrator":
		return  # the system itself (a job, a login before its session), or the site's owner
	for fieldname in fields:
		url = cstr(doc.get(fieldname))
		if not url.startswith(("/files", "/private/files")):
			continue  # what attach_files_to_document leaves alone
		if not doc.is_new() and not doc.has_value_changed(fieldname):
			continue
		if not private_file_readable(url, user, doc):
			frappe.throw(
				_("You can only attach files that you uploaded."),
				frappe.PermissionError,
				title=_("Not permitted"),
			)


def private_file_readable(url: str, user: str, doc) -> bool:
	"""Whether ``url`` names no private file, or one ``user`` may read already (their own upload, a
	file of this very record, one Frappe lets them read), spelled exactly as stored."""
	# get_all: resolving a URL to its File rows is part of checking the user's right to it
	files = frappe.get_all(
		"File",
		filters={"file_url": url},
		fields=["name", "file_url", "is_private", "owner", "attached_to_doctype", "attached_to_name"],
	)
	private = [f for f in files if f.is_private or f.file_url.startswith("/private/")]
	if not private:
		return True
	if any(f.file_url != url for f in private):
		return False  # another spelling of someone's file: never what an uploader sends
	for file in private:
		if file.owner == user:
			return True
		if doc.name and file.attached_to_doctype == doc.doctype and file.attached_to_name == doc.name:
			return True
		if frappe.has_permission("File", "read", doc=file.name, user=user):
			return True
	return False


def limit_texts(doc, method=None) -> None:
	"""``validate`` of the app's DocTypes: every text field within its limit (``rules.limits``)."""
	if doc.meta.module != "BPPM":
		return
	with user_errors():
		for record in (doc, *doc.get_all_children()):
			for df in record.meta.fields:
				limit = limits.text_limit(df.fieldtype, df.length)
				if limit:
					limits.check_text(df.label or df.fieldname, record.get(df.fieldname), limit)


def bppm_text_limits(doctype: str) -> dict[str, int]:
	"""{fieldname: limit} of a DocType's text fields, for its web form's inputs (a Jinja method)."""
	out = {}
	for df in frappe.get_meta(doctype).fields:
		limit = limits.text_limit(df.fieldtype, df.length)
		if limit is None and df.fieldtype == "Data":
			limit = cint(df.length) or 140
		if limit:
			out[df.fieldname] = limit
	return out
