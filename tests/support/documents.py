"""The text of a generated report, to assert on: a PDF through pdftotext (poppler), a Word file through python-docx."""

import io
import subprocess
from pathlib import Path


def pdf_text(content: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    """The PDF's text, whitespace collapsed; `layout`: as pdftotext -layout lays out the page (columns kept)."""
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    options = ["-layout"] if layout else []
    out = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out if layout else " ".join(out.split())


def docx_text(content: bytes) -> str:
    """The Word document's paragraphs and table cells, whitespace collapsed."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())
