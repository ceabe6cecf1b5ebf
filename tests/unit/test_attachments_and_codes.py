import re

import pytest

from bppm_app.exceptions import InvalidAttachmentError, InvalidInvestmentError
from bppm_app.rules import attachments, codes, investment


@pytest.mark.parametrize(
	"url, ext",
	[
		("/private/files/KTP Budi.PDF", "pdf"),
		("/files/denah%20lokasi.jpeg", "jpeg"),
		("/private/files/scan.tar.gz", "gz"),
		("/private/files/noext", ""),
		("https://example.com/a/b.png?x=1", "png"),
		(None, ""),
	],
)
def test_file_extension(url, ext):
	assert attachments.file_extension(url) == ext


def test_check_file_type():
	attachments.check_file_type("/private/files/ktp.pdf", "pdf,jpg", "KTP")
	with pytest.raises(InvalidAttachmentError, match="KTP"):
		attachments.check_file_type("/private/files/ktp.exe", "pdf,jpg", "KTP")
	with pytest.raises(InvalidAttachmentError):
		attachments.check_file_type("/private/files/ktp", "pdf", "KTP")


def test_tracking_pins_are_six_digits_and_vary():
	pins = {codes.new_tracking_pin() for _ in range(200)}
	assert all(re.fullmatch(r"\d{6}", pin) for pin in pins)
	assert len(pins) > 150


def test_kbli_and_worker_counts():
	assert investment.normalize_kbli(" 35101 ") == "35101"
	for bad in ("3510", "351011", "3510A"):
		with pytest.raises(InvalidInvestmentError):
			investment.normalize_kbli(bad)
	assert investment.check_workers("12", "Planned Local Workers") == 12
	assert investment.check_workers(None, "Planned Local Workers") == 0
	for bad in (-1, 2.5, "x"):
		with pytest.raises(InvalidInvestmentError):
			investment.check_workers(bad, "Planned Local Workers")


@pytest.mark.parametrize(
	"url", ["/private/files/ktp.pdf", "/private/files/KTP Budi (1).PDF", "/private/files/scan-01_a.jpeg"]
)
def test_private_file_urls_are_accepted(url):
	attachments.check_private_url(url, "KTP")


@pytest.mark.parametrize(
	"url",
	[
		None,
		"",
		"javascript:alert(1)",
		'javascript:alert(1)"><img src=x onerror=alert(1)>',
		'/private/files/x.pdf"><img src=x onerror=alert(1)>',
		"/private/files/x.pdf'onmouseover='alert(1)",
		"/private/files/<script>.pdf",
		"/files/public.pdf",
		"https://evil.example/private/files/x.pdf",
		"//evil.example/private/files/x.pdf",
		"/private/files/../../site_config.json",
		"/private/files/x.pdf?download=1",
		"/private/files/x.pdf#frag",
		"/private/files/x\npdf",
		"/private/files/",
	],
)
def test_anything_but_a_private_file_url_is_refused(url):
	with pytest.raises(InvalidAttachmentError, match="KTP"):
		attachments.check_private_url(url, "KTP")
