"""Bench commands of the app: ``bench --site <site> bppm-demo`` and ``bppm-seed-holidays``."""

import click
from frappe.commands import get_site, pass_context


@click.command("bppm-demo")
@click.option(
	"--password", help="Password for the demo users (default: $BPPM_DEMO_PASSWORD or bppm-demo-2026)"
)
@pass_context
def bppm_demo(context, password=None):
	"""Load the demo office: permit types, staff users for every role, applicants, applications.

	On a site whose setup wizard was never run, it is completed first (Indonesian, WITA, Rupiah)."""
	import frappe

	from bppm_app.demo import brand_website, complete_setup, make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if complete_setup():
			click.echo(f"{site}: setup wizard completed (Indonesian, Asia/Makassar, IDR)")
		brand_website()
		created = make_demo(password=password)
		frappe.db.commit()
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
		frappe.db.commit()
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
		frappe.db.commit()
	finally:
		frappe.destroy()
	click.echo(f"{site}: workflow {workflow!r} restored to the shipped default")


commands = [bppm_demo, bppm_seed_holidays, bppm_restore_workflow]
