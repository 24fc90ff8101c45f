"""HTML → PDF with WeasyPrint. The one embedded Cyrillic font is DejaVu Sans as matplotlib ships it."""

import os
from pathlib import Path

from django.template.loader import render_to_string


def _font_dir() -> Path:
    """matplotlib's bundled fonts; matplotlib imported only when a PDF is rendered (not at start)."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def font_faces() -> str:
    font_dir = _font_dir()
    faces = []
    for weight, style, name in (
        ("normal", "normal", "DejaVuSans.ttf"),
        ("bold", "normal", "DejaVuSans-Bold.ttf"),
        ("normal", "italic", "DejaVuSans-Oblique.ttf"),
    ):
        faces.append(
            f'@font-face {{ font-family: "Opora Sans"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{(font_dir / name).as_uri()}"); }}'
        )
    return "\n".join(faces)


def pdf_render(*, template: str, context: dict) -> tuple[bytes, int]:
    """Render a print template to PDF bytes; returns (pdf, page count)."""
    from django.utils import timezone
    from weasyprint import HTML

    generated = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    html = render_to_string(template, {**context, "font_faces": font_faces(), "generated": generated})
    document = HTML(string=html, base_url=os.getcwd()).render()
    return document.write_pdf(), len(document.pages)
