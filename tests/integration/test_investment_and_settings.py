import frappe
import pytest

from bppm_app.exceptions import InvalidAmountError, InvalidInvestmentError, InvalidNIPError
from bppm_app.roles import INVESTMENT_OFFICER, VERIFIER

from .factories import as_user, make_applicant, make_user, unique_nib


def make_investment(**fields):
	values = {
		"doctype": "Investment",
		"investor": make_applicant(applicant_type="Business Entity", nik=None, nib=unique_nib()).name,
		"project_name": "Pabrik Uji",
		"investment_type": "PMDN",
		"kbli_code": "10213",
		"planned_investment": 1_000_000_000,
		"planned_workers_local": 10,
	}
	values.update(fields)
	return frappe.get_doc(values).insert()


def test_officer_records_an_investment():
	officer = make_user(INVESTMENT_OFFICER)
	with as_user(officer):
		doc = make_investment(country_of_origin=None)
	assert doc.name.startswith("INV-")
	assert doc.status == "Planned"
	assert doc.realized_investment == 0


@pytest.mark.parametrize(
	"fields, exc",
	[
		({"kbli_code": "1021"}, InvalidInvestmentError),
		({"planned_investment": 0}, InvalidAmountError),
		({"planned_investment": -5}, InvalidAmountError),
		({"planned_workers_local": -1}, InvalidInvestmentError),
	],
)
def test_bad_investment_is_refused(fields, exc):
	before = frappe.db.count("Investment")
	with pytest.raises(exc):
		make_investment(**fields)
	assert frappe.db.count("Investment") == before


def test_other_staff_cannot_create_investments():
	with as_user(make_user(VERIFIER)), pytest.raises(frappe.PermissionError):
		make_investment()


def test_settings_validate_the_signatory_nip_and_threshold():
	settings = frappe.get_single("BPPM Settings")
	assert settings.sla_warning_threshold == 80
	assert settings.public_pages_enabled == 1
	settings.head_of_office_nip = "19720315 199803 1 004"
	settings.save()
	assert settings.head_of_office_nip == "197203151998031004"
	settings.head_of_office_nip = "1234"
	with pytest.raises(InvalidNIPError):
		settings.save()
	settings.reload()
	settings.sla_warning_threshold = 120
	with pytest.raises(InvalidAmountError):
		settings.save()
