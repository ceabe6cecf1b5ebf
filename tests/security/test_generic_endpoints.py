"""Frappe's generic endpoints give a portal applicant nothing of anyone else's, and guests nothing at
all: the app's DocTypes grant portal users no permission, and the endpoints that check none are
overridden for the app's data."""

import pytest

from .conftest import answered_without, refused

APP_DOCTYPES = (
	"Applicant",
	"Permit Application",
	"Application Document",
	"Investment",
	"Investment Report",
	"Permit Application Stage",
	"Permit Type",
	"Service Holiday",
	"BPPM Settings",
	"Levy Payment",
	"Levy Payment Resolution",
	"Service Survey",
	"Public Complaint",
)


def secrets(world):
	"""What B owns that A must never see."""
	return (world.b_nik, world.b_mobile, world.b_pin, world.b_file, world.b_name, world.issued_code)


@pytest.mark.parametrize("doctype", APP_DOCTYPES)
@pytest.mark.parametrize("who", ["a", "guest"])
def test_rest_lists_and_reads(world, who, doctype):
	client = world[who]
	refused(client.get(f"/api/resource/{doctype}", fields='["*"]', limit_page_length=1000), *secrets(world))
	refused(client.get(f"/api/v2/document/{doctype}"), *secrets(world))


@pytest.mark.parametrize("who", ["a", "guest"])
def test_rest_single_records(world, who):
	client = world[who]
	for doctype, name in (
		("Applicant", world.b_applicant),
		("Permit Application", world.b_draft),
		("Application Document", world.b_row),
		("Investment", world.b_investment),
	):
		refused(client.get(f"/api/resource/{doctype}/{name}"), *secrets(world))
		refused(client.get(f"/api/v2/document/{doctype}/{name}"), *secrets(world))


@pytest.mark.parametrize("who", ["a", "guest"])
def test_frappe_client_methods(world, who):
	client = world[who]
	calls = [
		("frappe.client.get_list", {"doctype": "Applicant", "fields": ["*"]}),
		(
			"frappe.client.get_list",
			{"doctype": "Application Document", "fields": ["*"], "parent": "Permit Application"},
		),
		("frappe.client.get", {"doctype": "Applicant", "name": world.b_applicant}),
		("frappe.client.get", {"doctype": "Permit Application", "name": world.b_draft}),
		(
			"frappe.client.get_value",
			{"doctype": "Applicant", "fieldname": "nik", "filters": world.b_applicant},
		),
		(
			"frappe.client.get_value",
			{
				"doctype": "Permit Application",
				"fieldname": ["tracking_pin"],
				"filters": {"name": world.b_draft},
			},
		),
		# the yes/no oracle: Frappe 15's get_count checks no permission at all
		("frappe.client.get_count", {"doctype": "Applicant", "filters": {"nik": world.b_nik}}),
		(
			"frappe.client.get_count",
			{"doctype": "Permit Application", "filters": {"tracking_pin": world.b_pin}},
		),
		(
			"frappe.client.get_count",
			{"doctype": "Application Document", "filters": {"attachment": world.b_file}},
		),
		(
			"frappe.client.validate_link",
			{"doctype": "Applicant", "docname": world.b_applicant, "fields": ["nik", "applicant_name"]},
		),
		("frappe.client.get_single_value", {"doctype": "BPPM Settings", "field": "payment_callback_secret"}),
	]
	for method, args in calls:
		refused(client.method(method, **args), *secrets(world))


@pytest.mark.parametrize("who", ["a", "guest"])
def test_report_views_and_list_sidebar(world, who):
	client = world[who]
	for doctype in ("Applicant", "Permit Application", "Application Document"):
		for method, args in (
			("frappe.desk.reportview.get", {"doctype": doctype, "fields": ["*"]}),
			("frappe.desk.reportview.get_list", {"doctype": doctype, "fields": ["*"]}),
			("frappe.desk.reportview.get_count", {"doctype": doctype, "filters": {}}),
			(
				"frappe.desk.reportview.export_query",
				{
					"doctype": doctype,
					"file_format_type": "CSV",
					"fields": ["name"],
					"title": doctype,
				},
			),
			(
				"frappe.desk.listview.get_group_by_count",
				{"doctype": doctype, "current_filters": [], "field": "owner"},
			),
		):
			refused(client.method(method, **args), *secrets(world))
		# the list sidebar's tag counts: an empty answer at most
		stats = client.method(
			"frappe.desk.reportview.get_sidebar_stats", doctype=doctype, stats=["_user_tags"]
		)
		answered_without(stats, *secrets(world))
		assert stats.status_code != 200 or not stats.json()["message"]["stats"]
	for report in ("Permit Application Register", "SLA Compliance", "Permit Expiry", "Levy Revenue"):
		refused(
			client.method("frappe.desk.query_report.run", report_name=report, filters={}), *secrets(world)
		)


@pytest.mark.parametrize("who", ["a", "guest"])
def test_link_search_titles_and_global_search(world, who):
	client = world[who]
	for doctype in ("Applicant", "Permit Application", "Investment"):
		refused(
			client.method(
				"frappe.desk.search.search_link", doctype=doctype, txt="", ignore_user_permissions=1
			),
			*secrets(world),
		)
		refused(
			client.method(
				"frappe.desk.search.search_widget",
				doctype=doctype,
				txt=world.b_nik[:6],
				searchfield="nik" if doctype == "Applicant" else "name",
				ignore_user_permissions=1,
			),
			*secrets(world),
		)
	# Frappe 15 resolves any record's title for anyone: overridden for the app's DocTypes
	refused(
		client.method("frappe.desk.search.get_link_title", doctype="Applicant", docname=world.b_applicant),
		*secrets(world),
	)
	answered_without(client.method("frappe.utils.global_search.search", text=world.b_name), *secrets(world))
	answered_without(client.method("frappe.utils.global_search.search", text=world.b_draft), *secrets(world))


@pytest.mark.parametrize("who", ["a", "guest"])
def test_forms_prints_likes_comments_and_links(world, who):
	client = world[who]
	refused(
		client.method("frappe.desk.form.load.getdoc", doctype="Applicant", name=world.b_applicant),
		*secrets(world),
	)
	refused(
		client.method("frappe.desk.form.load.getdoc", doctype="Permit Application", name=world.b_draft),
		*secrets(world),
	)
	refused(
		client.method(
			"frappe.model.workflow.get_transitions",
			doc={"doctype": "Permit Application", "name": world.b_draft},
		),
		*secrets(world),
	)
	refused(
		client.method(
			"frappe.desk.form.linked_with.get_linked_docs", doctype="Applicant", name=world.b_applicant
		),
		*secrets(world),
	)
	for fmt in ("Standard", "Application Receipt", "Permit Certificate"):
		refused(
			client.request(
				"GET",
				"/api/method/frappe.utils.print_format.download_pdf",
				params={"doctype": "Permit Application", "name": world.b_draft, "format": fmt},
			),
			*secrets(world),
		)
		answered_without(
			client.request(
				"GET",
				"/printview",
				params={"doctype": "Permit Application", "name": world.b_draft, "format": fmt},
			),
			*secrets(world),
		)
	refused(
		client.method(
			"frappe.desk.like.toggle_like", doctype="Permit Application", name=world.b_draft, add="Yes"
		),
		*secrets(world),
	)
	refused(
		client.method(
			"frappe.desk.form.utils.add_comment",
			reference_doctype="Permit Application",
			reference_name=world.b_draft,
			content="<img src=x onerror=alert(1)>",
			comment_email="a@example.com",
			comment_by="A",
		),
		*secrets(world),
	)


@pytest.mark.parametrize("who", ["a", "guest"])
def test_files(world, who):
	client = world[who]
	by_url = client.get(
		"/api/resource/File", fields='["file_url"]', filters=f'[["file_url","=","{world.b_file}"]]'
	)
	listed = client.get(
		"/api/resource/File", fields='["file_url","attached_to_name"]', limit_page_length=1000
	)
	if who == "guest":
		refused(by_url, world.b_file)
		refused(listed, world.b_file)
	else:
		# a portal user lists only the files they uploaded themselves
		answered_without(by_url, world.b_file)
		answered_without(listed, world.b_file, world.b_draft)
	refused(client.get(world.b_file), world.b_nik)


@pytest.mark.parametrize("who", ["a", "guest"])
def test_portal_pages_of_anothers_records(world, who):
	client = world[who]
	html = {"Accept": "text/html"}
	for path in (
		f"/apply/{world.b_draft}",
		f"/apply/{world.b_draft}/edit",
		f"/applicant-profile/{world.b_applicant}",
		f"/applicant-profile/{world.b_applicant}/edit",
		"/list?doctype=Permit%20Application",
		"/list?doctype=Applicant",
	):
		answered_without(client.request("GET", path, headers=html), *secrets(world))
	for form, doctype, name in (
		("apply", "Permit Application", world.b_draft),
		("applicant_profile", "Applicant", world.b_applicant),
		("lkpm", "Investment", world.b_investment),
	):
		refused(
			client.method(
				"frappe.website.doctype.web_form.web_form.get_form_data",
				doctype=doctype,
				docname=name,
				web_form_name=form,
			),
			*secrets(world),
		)


def test_the_victim_still_reads_their_own_through_the_portal(world):
	"""The same protections leave B their own data, through the portal's surfaces."""
	page = world.b.request("GET", "/applications", headers={"Accept": "text/html"})
	assert page.status_code == 200 and world.b_draft in page.text
	form = world.b.method(
		"frappe.website.doctype.web_form.web_form.get_form_data",
		doctype="Permit Application",
		docname=world.b_draft,
		web_form_name="apply",
	)
	assert form.status_code == 200 and world.b_pin in form.text
