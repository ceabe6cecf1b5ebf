"""Small, valid files for demo uploads (a real, private file for each requirement): a PDF where
the requirement accepts one, else an image in an accepted format."""

import io
import math

import frappe


def minimal_pdf(text: str) -> bytes:
	"""A one-page PDF showing ``text`` (ASCII), valid enough for viewers and pdftotext."""
	safe = (
		text.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
	)
	stream = f"BT /F1 14 Tf 56 760 Td ({safe}) Tj ET".encode()
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
	]
	out = bytearray(b"%PDF-1.4\n")
	offsets = []
	for number, body in enumerate(objects, start=1):
		offsets.append(len(out))
		out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
	xref = len(out)
	out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
	out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
	out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
	return bytes(out)


def image(text: str, fmt: str) -> bytes:
	"""A small picture with ``text`` on it, as JPEG or PNG (Pillow comes with Frappe)."""
	from PIL import Image, ImageDraw

	picture = Image.new("RGB", (480, 320), (226, 236, 244))
	ImageDraw.Draw(picture).text((16, 148), text[:60], fill=(20, 40, 80))
	buffer = io.BytesIO()
	picture.save(buffer, format="JPEG" if fmt in ("jpg", "jpeg") else "PNG")
	return buffer.getvalue()


def emblem() -> bytes:
	"""The demo office's logo: a green shield with a gold gate and star (a placeholder drawn here,
	not the city's coat of arms), as PNG."""
	from PIL import Image, ImageDraw

	size = 4  # drawn large and scaled down, for smooth edges
	w, h = 200 * size, 240 * size
	picture = Image.new("RGBA", (w, h), (255, 255, 255, 0))
	draw = ImageDraw.Draw(picture)
	gold, green, white = (212, 160, 23, 255), (20, 100, 60, 255), (255, 255, 255, 255)

	def shield(inset: int):
		i = inset * size
		return [(i, i), (w - i, i), (w - i, int(h * 0.55)), (w // 2, h - i), (i, int(h * 0.55))]

	draw.polygon(shield(4), fill=gold)
	draw.polygon(shield(14), fill=green)
	# the one gate: two pillars and a lintel
	for x in (62, 122):
		draw.rectangle([x * size, 110 * size, (x + 16) * size, 190 * size], fill=gold)
	draw.rectangle([52 * size, 96 * size, 148 * size, 110 * size], fill=gold)
	# a five-pointed star above the gate
	cx, cy, outer, inner = 100 * size, 58 * size, 26 * size, 11 * size
	points = [
		(
			cx + (outer if k % 2 == 0 else inner) * math.sin(math.pi * k / 5),
			cy - (outer if k % 2 == 0 else inner) * math.cos(math.pi * k / 5),
		)
		for k in range(10)
	]
	draw.polygon(points, fill=white)
	picture = picture.resize((200, 240), Image.LANCZOS)
	buffer = io.BytesIO()
	picture.save(buffer, format="PNG")
	return buffer.getvalue()


def attach(doctype: str, name: str, stem: str, text: str, allowed_types: str) -> str:
	"""Store a private demo file in a type the requirement accepts; returns its file URL."""
	allowed = [t.strip() for t in (allowed_types or "pdf").split(",") if t.strip()]
	ext = "pdf" if "pdf" in allowed else allowed[0]
	content = minimal_pdf(text) if ext == "pdf" else image(text, ext)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{stem}.{ext}",
			"content": content,
			"is_private": 1,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
		}
	).insert()
	return file.file_url
