"""Random codes given to applications. Plain functions, no database."""

import secrets


def new_tracking_pin() -> str:
	"""A 6-digit PIN, printed on the receipt: the second factor for public tracking."""
	return f"{secrets.randbelow(10**6):06d}"


def new_verification_code() -> str:
	"""The permit's public verification code (QR): 192 random bits, URL-safe, 32 characters."""
	return secrets.token_urlsafe(24)


def new_survey_token() -> str:
	"""The key of an application's survey invitation link: 192 random bits, URL-safe, 32 characters."""
	return secrets.token_urlsafe(24)
