"""Rows as the rules receive them: dicts (``frappe._dict``, query results) or objects (documents,
dataclasses)."""


def value_of(row, key):
	"""``row``'s value of ``key`` (None when it has none)."""
	return row.get(key) if isinstance(row, dict) else getattr(row, key, None)
