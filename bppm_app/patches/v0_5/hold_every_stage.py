"""Every stage of the shipped workflow is held by someone: sites made before the Technical Review and
Awaiting Payment rules existed get them (when their roles have users), and each open file that no
open assignment holds is given to its stage's rule now. Frappe applies Assignment Rules only when a
document is saved (never during a patch), so this patch applies them itself."""

import frappe

from bppm_app.setup import assignment_rules


def execute():
	assignment_rules.ensure_all()
	assignment_rules.assign_unheld()
