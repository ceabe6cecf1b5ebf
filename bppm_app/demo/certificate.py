"""A self-signed office certificate (PKCS#12) for the demo and the tests, so that signed permits
work out of the box. A real office uses a certificate from a certification authority (BSrE, or a
PSrE recognised by Kominfo); this one proves only that the file was not changed."""

import datetime as dt
import secrets

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def self_signed_pkcs12(
	common_name: str,
	organisation: str,
	passphrase: str,
	days: int = 3650,
	valid_from: dt.datetime | None = None,
) -> tuple[bytes, bytes]:
	"""(PKCS#12 with the key and certificate, the certificate in DER)."""
	key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
	name = x509.Name(
		[
			x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
			x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
			x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
		]
	)
	start = valid_from or (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1))
	usage = x509.KeyUsage(
		digital_signature=True,
		content_commitment=True,
		key_encipherment=False,
		data_encipherment=False,
		key_agreement=False,
		key_cert_sign=True,
		crl_sign=True,
		encipher_only=False,
		decipher_only=False,
	)
	cert = (
		x509.CertificateBuilder()
		.subject_name(name)
		.issuer_name(name)
		.public_key(key.public_key())
		.serial_number(x509.random_serial_number())
		.not_valid_before(start)
		.not_valid_after(start + dt.timedelta(days=days))
		.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
		.add_extension(usage, critical=True)
		.sign(key, hashes.SHA256())
	)
	p12 = pkcs12.serialize_key_and_certificates(
		common_name.encode(), key, cert, None, serialization.BestAvailableEncryption(passphrase.encode())
	)
	return p12, cert.public_bytes(serialization.Encoding.DER)


def new_passphrase() -> str:
	return secrets.token_urlsafe(24)
