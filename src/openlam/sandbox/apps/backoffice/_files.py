"""An invoice document as downloadable files: CSV and a minimal one-page PDF."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from openlam.sandbox.apps.backoffice._data import COMPANY
from openlam.sandbox.apps.backoffice._ops import euros


def invoice_text(
    doc: Mapping[str, Any], vendor: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]
) -> list[str]:
    """The invoice as plain text lines (what the PDF shows)."""
    out = [
        vendor["name"],
        f"{vendor['street']}, {vendor['city']} - VAT ID {vendor['vat_id']}",
        "",
        f"INVOICE {doc['number']}",
        f"Invoice date: {doc['issue_date']}    Due date: {doc['due_date']}",
        f"Bill to: {COMPANY}",
        f"Reference: cost center {doc['cost_center']}",
        "",
    ]
    out += [
        f"{x['qty']} x {x['description']} @ EUR {euros(x['unit'])} = EUR {euros(x['amount'])}"
        for x in lines
    ]
    out += [
        "",
        f"Net amount: EUR {euros(doc['net'])}",
        f"VAT {doc['vat_rate']}%: EUR {euros(doc['vat'])}",
        f"Total due: EUR {euros(doc['total'])}",
        f"Please pay to IBAN {vendor['iban']} by {doc['due_date']}.",
    ]
    return out


def invoice_csv(
    doc: Mapping[str, Any], vendor: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]
) -> str:
    """One row per invoice line, with the invoice's header fields repeated (an ERP export)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["invoice_number", "vendor", "invoice_date", "due_date", "cost_center", "description",
         "qty", "unit_price", "line_amount", "net", "vat_rate", "vat", "total"]
    )  # fmt: skip
    for line in lines:
        writer.writerow(
            [doc["number"], vendor["name"], doc["issue_date"], doc["due_date"], doc["cost_center"],
             line["description"], line["qty"], f"{line['unit'] / 100:.2f}",
             f"{line['amount'] / 100:.2f}", f"{doc['net'] / 100:.2f}", doc["vat_rate"],
             f"{doc['vat'] / 100:.2f}", f"{doc['total'] / 100:.2f}"]
        )  # fmt: skip
    return buffer.getvalue()


def _pdf_string(text: str) -> str:
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return "(" + safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def text_pdf(lines: Sequence[str]) -> bytes:
    """A valid one-page A4 PDF showing ``lines`` in Helvetica (no dependencies needed)."""
    shown = " ".join(f"{_pdf_string(line)} '" for line in lines)
    stream = f"BT /F1 11 Tf 16 TL 56 800 Td {shown} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
