"""The certificate as a PDF: its fields in Chinese (reportlab's built-in CID font STSong-Light,
so no font file ships) and a QR code of the public verification link.

reportlab is imported when the first certificate is drawn (13 MB), not by every process that
imports the app.
"""

from __future__ import annotations

import io
from functools import cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from models.certificates import Certificate

FONT = "STSong-Light"


@cache
def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def verify_link(base_url: str, number: str, code: str) -> str:
    return f"{base_url}?{urlencode({'number': number, 'code': code})}"


def render_pdf(certificate: Certificate, verify_url: str, tz: ZoneInfo, holder: str) -> bytes:
    """`holder` is the name as printed: whole on the holder's own copy."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    _register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(f"{certificate.name} {certificate.number}")
    pdf.setAuthor(certificate.department.name)
    width, height = A4
    pdf.setFont(FONT, 24)
    pdf.drawCentredString(width / 2, height - 40 * mm, certificate.name)
    pdf.setFont(FONT, 12)
    until = certificate.valid_until.isoformat() if certificate.valid_until else "长期有效"
    rows = [
        ("证照编号", certificate.number),
        ("持证人", holder),
        ("办理事项", certificate.item_name),
        ("发证机关", certificate.department.name),
        ("发证日期", certificate.issued_at.astimezone(tz).date().isoformat()),
        ("有效期", f"{certificate.valid_from.isoformat()} 至 {until}"),
        ("验证码", certificate.verification_code),
    ]
    y = height - 65 * mm
    for label, value in rows:
        pdf.setFont(FONT, 12)
        pdf.drawString(30 * mm, y, f"{label}：")
        # Latin text in a standard font, so the number and code are plain text in the file.
        pdf.setFont("Helvetica" if value.isascii() else FONT, 12)
        pdf.drawString(55 * mm, y, value)
        y -= 10 * mm
    qr = QrCodeWidget(verify_url)
    left, bottom, right, top = qr.getBounds()
    size = 40 * mm
    scale = [size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    drawing = Drawing(size, size, transform=scale)
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, width - 30 * mm - size, 40 * mm)
    pdf.setFont(FONT, 9)
    pdf.drawString(30 * mm, 45 * mm, "扫描二维码或凭证照编号与验证码核验真伪。")
    pdf.setFont("Helvetica", 8)
    pdf.drawString(30 * mm, 38 * mm, verify_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
