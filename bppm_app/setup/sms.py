"""The shipped SMS notifications follow the SMS gateway: enabled where SMS Settings has a gateway
URL (on install, and whenever SMS Settings is saved), disabled where it has none."""

import frappe

MODULE = "BPPM"


# --- SMS ------------------------------------------------------------------------------------------


def sms_notifications() -> list[str]:
	# get_all: the app's own shipped records, switched by the system
	return frappe.get_all(
		"Notification", filters={"module": MODULE, "channel": "SMS", "is_standard": 1}, pluck="name"
	)


def sms_configured(sms_settings=None) -> bool:
	url = (sms_settings or frappe.get_single("SMS Settings")).get("sms_gateway_url")
	return bool((url or "").strip())


def set_sms_notifications(enabled: bool) -> list[str]:
	names = sms_notifications()
	for name in names:
		frappe.db.set_value("Notification", name, "enabled", int(enabled))
	# get_all: an administrator's settings switch; the DocTypes whose notification cache to clear
	for doctype in set(
		frappe.get_all("Notification", filters={"name": ("in", names)}, pluck="document_type")
	):
		frappe.cache.hdel("notifications", doctype)
	return names


def follow_sms_settings(doc, method=None):
	"""doc_events on_update of SMS Settings: a gateway was configured or removed."""
	before = doc.get_doc_before_save()
	if sms_configured(doc) != (before is not None and sms_configured(before)):
		set_sms_notifications(sms_configured(doc))
