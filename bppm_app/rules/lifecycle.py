"""A permit's life after issue: renewals (*perpanjangan*), amendments (*perubahan*) and the
permits they supersede. Plain functions over plain values, no database.

A renewal or an amendment continues one issued permit of the same holder and permit type that is
still in force: issued and approved, not revoked, not already superseded. A renewal may be started
only within the permit type's renewal window, the last N days up to and including ``valid_until``;
an amendment at any time while the permit has not expired. The new permit's validity: a renewal
runs on from the day after the old permit ends (or from its own issue, if that is later); an
amendment changes the permit's data, not its term, so it keeps the old ``valid_until``.
"""

import datetime as dt

from bppm_app.exceptions import PreviousPermitError
from bppm_app.i18n import _
from bppm_app.rules import numbering

NEW, RENEWAL, AMENDMENT = "New", "Renewal", "Amendment"
FOLLOW_UPS = (RENEWAL, AMENDMENT)
DEFAULT_RENEWAL_WINDOW_DAYS = 60


def renewal_opens(valid_until: dt.date | None, window_days: int) -> dt.date | None:
	"""The first day a renewal may be started; None for a permit that does not expire."""
	if not valid_until:
		return None
	return valid_until - dt.timedelta(days=max(int(window_days or 0), 0))


def in_renewal_window(valid_until: dt.date | None, window_days: int, today: dt.date) -> bool:
	opens = renewal_opens(valid_until, window_days)
	return bool(opens) and opens <= today <= valid_until


def can_amend(valid_until: dt.date | None, today: dt.date) -> bool:
	return not valid_until or today <= valid_until


def check_follow_up(
	application_type: str,
	previous,
	*,
	applicant: str,
	permit_type: str,
	window_days: int,
	today: dt.date,
	check_window: bool = True,
) -> None:
	"""Whether ``previous`` (attribute access: name, docstatus, decision, applicant, permit_type,
	permit_number, valid_until, superseded_by; None when it does not exist) may be renewed or
	amended by a new application of ``applicant`` for ``permit_type``."""
	if application_type not in FOLLOW_UPS:
		return
	if previous is None:
		raise PreviousPermitError(
			_("A renewal or an amendment needs the issued permit it continues (Previous Permit).")
		)
	issued = previous.docstatus == 1 and previous.decision == "Approved" and previous.permit_number
	if previous.applicant != applicant or not (issued or previous.docstatus == 2):
		# somebody else's application and an unissued one get the same answer
		raise PreviousPermitError(_("{0} is not an issued permit of this applicant.").format(previous.name))
	if previous.docstatus == 2:
		raise PreviousPermitError(
			_("Permit {0} has been revoked; apply for a new permit instead.").format(previous.permit_number)
		)
	if previous.superseded_by:
		raise PreviousPermitError(
			_("Permit {0} has already been replaced by {1}.").format(
				previous.permit_number, previous.superseded_by
			)
		)
	if previous.permit_type != permit_type:
		raise PreviousPermitError(
			_("A renewal or an amendment keeps the permit type of permit {0} ({1}).").format(
				previous.permit_number, previous.permit_type
			)
		)
	valid_until = previous.valid_until
	if application_type == RENEWAL:
		if not valid_until:
			raise PreviousPermitError(
				_("Permit {0} does not expire, so it cannot be renewed.").format(previous.permit_number)
			)
		if check_window and not in_renewal_window(valid_until, window_days, today):
			if today > valid_until:
				raise PreviousPermitError(
					_("Permit {0} expired on {1}; apply for a new permit instead.").format(
						previous.permit_number, valid_until
					)
				)
			raise PreviousPermitError(
				_("Permit {0} can be renewed from {1}, {2} days before it expires.").format(
					previous.permit_number, renewal_opens(valid_until, window_days), window_days
				)
			)
	elif check_window and not can_amend(valid_until, today):
		raise PreviousPermitError(
			_("Permit {0} expired on {1}; apply for a new permit instead.").format(
				previous.permit_number, valid_until
			)
		)


def follow_up_valid_until(
	application_type: str,
	issued_on: dt.date,
	validity_months: int,
	previous_valid_until: dt.date | None,
) -> dt.date | None:
	"""The last day of validity of a new permit (see the module's docstring)."""
	if application_type == AMENDMENT and previous_valid_until:
		return previous_valid_until
	start = issued_on
	if application_type == RENEWAL and previous_valid_until:
		start = max(issued_on, previous_valid_until + dt.timedelta(days=1))
	return numbering.valid_until(start, validity_months)


def mandatory_for(application_type: str, is_mandatory: int, required_for_renewal: int) -> int:
	"""Whether a requirement is mandatory for this application: a renewal may need fewer documents."""
	if application_type == RENEWAL and required_for_renewal is not None and not int(required_for_renewal):
		return 0
	return 1 if is_mandatory else 0
