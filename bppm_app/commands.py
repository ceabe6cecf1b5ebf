"""Bench commands of the app: ``bppm-demo``, ``bppm-seed-holidays``, ``bppm-restore-workflow``,
``bppm-payment-notice`` (a signed bank notice from the shell), ``bppm-erpnext-setup`` and
``bppm-serve`` (the development and test web server)."""

import click
from frappe.commands import get_site, pass_context


@click.command("bppm-demo")
@click.option(
	"--password", help="Password for the demo users (default: $BPPM_DEMO_PASSWORD or bppm-demo-2026)"
)
@click.option(
	"--office-only",
	is_flag=True,
	help="Only the office (settings, signing, staff, permit types, applicants): no sample files",
)
@pass_context
def bppm_demo(context, password=None, office_only=False):
	"""Load the demo office: permit types, staff users for every role, applicants, applications.

	On a site whose setup wizard was never run, it is completed first (Indonesian, WITA, Rupiah)."""
	import frappe

	from bppm_app.demo import brand_website, complete_setup, make_demo, make_office
	from bppm_app.erpnext_integration import installed as erpnext_installed
	from bppm_app.erpnext_integration import setup as erpnext_setup

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if erpnext_installed():
			# ERPNext's wizard needs a company; the levy's books are configured before the demo's
			# files reach their SKRDs
			if erpnext_setup.complete_setup():
				click.echo(f"{site}: ERPNext setup completed (Indonesian company, IDR)")
			erpnext_setup.configure()
		if complete_setup():
			click.echo(f"{site}: setup wizard completed (Indonesian, Asia/Makassar, IDR)")
		brand_website()
		created = (make_office if office_only else make_demo)(password=password)
		frappe.db.commit()  # a bench command ends its own transaction
	finally:
		frappe.destroy()
	click.echo("Demo data on {}: {}".format(site, ", ".join(f"{k} +{v}" for k, v in created.items())))


@click.command("bppm-seed-holidays")
@click.option(
	"--year", type=int, multiple=True, help="Year to (re)seed; repeatable. Default: this and next year"
)
@pass_context
def bppm_seed_holidays(context, year=()):
	"""Seed Service Holidays from Indonesia's official calendar. Entries added or edited by hand stay."""
	import frappe

	from bppm_app.setup import holidays

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		results = {y: holidays.seed_year(y) for y in year} if year else holidays.seed_default_years()
		frappe.db.commit()  # a bench command ends its own transaction
	finally:
		frappe.destroy()
	for y, counts in results.items():
		click.echo(f"{site} {y}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@click.command("bppm-restore-workflow")
@click.argument("workflow", default="Permit Application Workflow")
@pass_context
def bppm_restore_workflow(context, workflow):
	"""Replace a workflow with the default shipped by the app (changes made in the desk are lost)."""
	import frappe

	from bppm_app.setup import workflows

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		workflows.restore(workflow)
		frappe.db.commit()  # a bench command ends its own transaction
	finally:
		frappe.destroy()
	click.echo(f"{site}: workflow {workflow!r} restored to the shipped default")


@click.command("bppm-payment-notice")
@click.option("--code", required=True, help="The payment code on the SKRD (the registration number's digits)")
@click.option("--amount", required=True, help="The amount paid, in rupiah")
@click.option("--reference", help="The bank's reference (default: a new random one)")
@click.option("--bank", default="Bank Kaltimtara", show_default=True, help="The bank's name")
@click.option("--paid-at", help="When it was paid, ISO 8601 (default: now, in the site's time zone)")
@click.option("--url", help="The site's address (default: the site's own URL)")
@click.option("--dry-run", is_flag=True, help="Print the signed notice and a curl command; send nothing")
@pass_context
def bppm_payment_notice(
	context, code, amount, reference=None, bank=None, paid_at=None, url=None, dry_run=False
):
	"""Send the site a bank payment notice signed with its callback secret, as the bank would."""
	import datetime
	import json
	import secrets
	import shlex
	from decimal import Decimal
	from zoneinfo import ZoneInfo

	import frappe
	import requests

	from bppm_app.engine import bank_payments
	from bppm_app.rules import payments as rules

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		secret = bank_payments.callback_secret()
		zone = ZoneInfo(frappe.utils.get_system_timezone())
		base = (url or frappe.utils.get_url()).rstrip("/")
	finally:
		frappe.destroy()
	if not secret:
		raise click.ClickException(f"{site}: BPPM Settings has no Payment Callback Secret")
	value = Decimal(amount)
	body = json.dumps(
		{
			"payment_code": code,
			"amount": int(value) if value == value.to_integral_value() else float(value),
			"paid_at": paid_at or datetime.datetime.now(zone).isoformat(timespec="seconds"),
			"bank_reference": reference or f"CLI-{secrets.token_hex(6).upper()}",
			"bank": bank,
		}
	)
	signature = rules.sign(secret, body)
	endpoint = f"{base}/api/method/bppm_app.api.payment_notification"
	headers = {"Content-Type": "application/json", rules.SIGNATURE_HEADER: signature}
	if dry_run:
		click.echo(body)
		click.echo(f"{rules.SIGNATURE_HEADER}: {signature}")
		header_args = " ".join(f"-H {shlex.quote(f'{k}: {v}')}" for k, v in headers.items())
		click.echo(f"curl -X POST {header_args} --data {shlex.quote(body)} {shlex.quote(endpoint)}")
		return
	response = requests.post(endpoint, data=body.encode(), headers=headers, timeout=60)
	click.echo(f"HTTP {response.status_code} {response.text}")
	if response.status_code >= 400:
		raise SystemExit(1)


@click.command("bppm-erpnext-setup")
@click.option(
	"--company", default=None, help="Company name for a site without one (default: Pemerintah Kota Bontang)"
)
@click.option("--abbr", default=None, help="Its abbreviation (default: PKB)")
@click.option("--language", default="Indonesia", show_default=True, help="The setup wizard's language")
@pass_context
def bppm_erpnext_setup(context, company=None, abbr=None, language="Indonesia"):
	"""With ERPNext: complete its setup (Indonesian company, IDR, chart of accounts) where no company
	exists yet, and fill the ERPNext part of BPPM Settings (item, accounts, holiday list)."""
	import frappe

	from bppm_app.erpnext_integration import installed
	from bppm_app.erpnext_integration import setup as erpnext_setup

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if not installed():
			raise click.ClickException(f"{site}: ERPNext is not installed on this site")
		kwargs = {k: v for k, v in {"company": company, "abbr": abbr}.items() if v}
		if erpnext_setup.complete_setup(language=language, **kwargs):
			click.echo(f"{site}: ERPNext setup completed")
		filled = erpnext_setup.configure(company)
		frappe.db.commit()  # a bench command ends its own transaction
	finally:
		frappe.destroy()
	click.echo(
		f"{site}: BPPM Settings " + (", ".join(f"{k} = {v}" for k, v in filled.items()) or "unchanged")
	)


@click.command("bppm-serve")
@click.option("--port", type=int, default=8000)
@click.option("--host", default="127.0.0.1", help="the address to listen on (loopback by default)")
@pass_context
def bppm_serve(context, port=8000, host="127.0.0.1"):
	"""Serve one site for development and tests: Frappe's WSGI application with the bench's /assets
	and the site's public /files, threaded, without a debugger.

	Not ``bench serve``: Frappe's development server joins a /files path to the folder without
	checking it (``/files/..%2f..%2fsite_config.json`` reads the site's secrets, and any private file
	past every permission check), and its Werkzeug debugger answers a missing file with a traceback
	and an interactive console. Here werkzeug's own SharedDataMiddleware (safe_join) serves both
	folders. Production serves the site with nginx and gunicorn (docs/deployment.md)."""
	import os

	import frappe.app
	from werkzeug.middleware.shared_data import SharedDataMiddleware
	from werkzeug.serving import run_simple

	site = get_site(context)
	sites_path = os.path.abspath(".")
	frappe.app._site, frappe.app._sites_path = site, sites_path
	application = SharedDataMiddleware(
		frappe.app.application,
		{
			"/assets": os.path.join(sites_path, "assets"),
			"/files": os.path.join(sites_path, site, "public", "files"),
		},
	)
	run_simple(
		host, port, application, use_reloader=False, use_debugger=False, use_evalex=False, threaded=True
	)


commands = [
	bppm_demo,
	bppm_seed_holidays,
	bppm_restore_workflow,
	bppm_payment_notice,
	bppm_erpnext_setup,
	bppm_serve,
]
