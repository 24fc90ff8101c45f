"""The report as an editable Word document (python-docx), printed from the same HTML as the PDF.

The print template (templates/reports/pdf/*.html) renders the report's one context; this module reads that HTML
and writes it again as Word: headings as Word headings, tables as Word tables with the template's column widths and a
repeated header row, paragraphs and lists as paragraphs, charts as PNG pictures (drawn again by core.charts from the
arguments the SVG carries) with their alternative text. Elements marked `data-docx="skip"` (the PDF's table of
contents with page numbers) are left out; `h2.break` starts a new page as in the PDF.
"""

import io
import re

from django.template.loader import render_to_string

PAGE_WIDTH_CM = 17.0  # A4 less the margins below
BLOCK_TAGS = {"div", "section", "p", "h1", "h2", "h3", "h4", "table", "ul", "ol", "li", "img", "tbody", "thead"}
HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
RED = (0xB3, 0x26, 0x1E)
GREEN = (0x1A, 0x7F, 0x37)
GREY = (0x5F, 0x6B, 0x7A)
SPACES = re.compile(r"\s+")


def docx_render(*, template: str, context: dict) -> bytes:
    """Render the report's print template and write it as a .docx; returns the file's bytes."""
    import lxml.html

    html = render_to_string(template, {**context, "font_faces": "", "generated": ""})
    root = lxml.html.document_fromstring(html)
    title = root.findtext(".//title") or ""
    writer = _Writer(title=title.strip())
    body = root.find("body")
    if body is not None:
        writer.blocks(body)
    return writer.save()


class _Writer:
    def __init__(self, *, title: str):
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Pt

        self.document = Document()
        self.document.core_properties.title = title
        self.document.core_properties.language = "ru-RU"
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin, section.right_margin = Cm(2.2), Cm(1.8)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
        normal = self.document.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)
        for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 11.5), ("Heading 3", 10.5)):
            self.document.styles[name].font.name = "Arial"
            self.document.styles[name].font.size = Pt(size)
        _page_numbers(section.footer.paragraphs[0], title)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.document.save(buf)
        return buf.getvalue()

    # --- blocks ----------------------------------------------------------------------------------------------------

    def blocks(self, element) -> None:
        """Write an element's children: block elements by kind, loose inline content as paragraphs."""
        pending: list = []  # inline nodes (and text) waiting for a paragraph
        if (element.text or "").strip():
            pending.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):  # comments
                if (child.tail or "").strip():
                    pending.append(child.tail)
                continue
            if child.get("data-docx") == "skip":
                if (child.tail or "").strip():
                    pending.append(child.tail)
                continue
            if child.tag in BLOCK_TAGS:
                self._flush(pending)
                pending = []
                self.block(child)
            else:
                pending.append(child)
            if (child.tail or "").strip():
                pending.append(child.tail)
        self._flush(pending)

    def block(self, element) -> None:
        tag = element.tag
        if tag in HEADINGS:
            self.heading(element, HEADINGS[tag])
        elif tag == "p":
            self.paragraph([element])
        elif tag == "table":
            self.table(element)
        elif tag in ("ul", "ol"):
            for li in element.findall("li"):
                paragraph = self.document.add_paragraph(style="List Bullet" if tag == "ul" else "List Number")
                self.inline(paragraph, li)
        elif tag == "img":
            self.picture(element)
        else:  # div, section, li outside a list, tbody/thead met loose
            self.blocks(element)

    def heading(self, element, level: int) -> None:
        text = _text(element)
        if not text:
            return
        heading = self.document.add_heading(text, level=level)
        if level == 1 and "break" in (element.get("class") or "").split() and len(self.document.paragraphs) > 3:
            heading.paragraph_format.page_break_before = True  # never a blank page when the last one is full

    def paragraph(self, nodes: list) -> None:
        paragraph = self.document.add_paragraph()
        for node in nodes:
            if isinstance(node, str):
                _run(paragraph, node)
            else:
                self.inline(paragraph, node)
        if not paragraph.text.strip() and not paragraph.runs:
            paragraph._element.getparent().remove(paragraph._element)
            return
        classes = set()
        for node in nodes:
            if not isinstance(node, str):
                classes |= set((node.get("class") or "").split())
        if "small" in classes or "muted" in classes:
            from docx.shared import Pt, RGBColor

            for run in paragraph.runs:
                run.font.size = Pt(8.5)
                if "muted" in classes:
                    run.font.color.rgb = RGBColor(*GREY)

    def _flush(self, pending: list) -> None:
        if any((n.strip() if isinstance(n, str) else _text(n)) for n in pending):
            self.paragraph(pending)

    # --- inline ----------------------------------------------------------------------------------------------------

    def inline(self, paragraph, element, *, bold: bool = False, style: str = "") -> None:
        """An element's text into `paragraph`: <b> bold, <br> and block children as line breaks, .bad red."""
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = set((element.get("class") or "").split()) if tag else set()
        bold = bold or tag in ("b", "strong", "th") or "bad" in classes
        style = "bad" if "bad" in classes else "good" if "good" in classes else "muted" if "muted" in classes else style
        if tag == "br":
            paragraph.add_run().add_break()
        elif tag == "img":
            self.picture(element, paragraph=paragraph)
            return
        if element.text:
            _run(paragraph, element.text, bold=bold, style=style)
        for child in element:
            if isinstance(child.tag, str) and child.get("data-docx") == "skip":
                pass
            elif isinstance(child.tag, str) and child.tag in ("div", "p") and paragraph.text.strip():
                paragraph.add_run().add_break()
                self.inline(paragraph, child, bold=bold, style=style)
            elif isinstance(child.tag, str):
                self.inline(paragraph, child, bold=bold, style=style)
            if child.tail:
                _run(paragraph, child.tail, bold=bold, style=style)

    # --- tables ----------------------------------------------------------------------------------------------------

    def table(self, element) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Cm, Pt

        rows = [tr for tr in element.iter("tr") if _own_table(tr) is element]
        if not rows:
            return
        columns = max(sum(int(c.get("colspan") or 1) for c in _cells(tr)) for tr in rows)
        widths = _widths(element, columns)
        table = self.document.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        small = "chart-data" in (element.getparent().get("class") or "") if element.getparent() is not None else False
        for tr in rows:
            header = tr.getparent() is not None and tr.getparent().tag == "thead"
            row = table.add_row()
            if header:
                _repeat_header(row)
            col = 0
            for cell_element in _cells(tr):
                span = int(cell_element.get("colspan") or 1)
                cell = row.cells[col]
                if span > 1:
                    cell = cell.merge(row.cells[min(col + span - 1, columns - 1)])
                paragraph = cell.paragraphs[0]
                self.inline(paragraph, cell_element, bold=cell_element.tag == "th")
                numeric = "num" in (cell_element.get("class") or "").split()
                if numeric:
                    from docx.enum.text import WD_ALIGN_PARAGRAPH

                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                size = Pt(7.5) if small or "small" in (cell_element.get("class") or "") else Pt(8.5)
                for run in paragraph.runs:
                    run.font.size = size
                if cell_element.tag == "th" or header:
                    _shade(cell, "EEF2F6")
                elif {"block-title", "section-title"} & set((cell_element.get("class") or "").split()):
                    block = "block-title" in (cell_element.get("class") or "")
                    _shade(cell, "DDE5EE" if block else "F5F7FA")
                    for run in paragraph.runs:
                        run.bold, run.italic = (True, None) if block else (None, True)
                col += span
        for i, width in enumerate(widths):
            table.columns[i].width = Cm(width)  # the grid: what LibreOffice and Word lay out by
            for cell in table.columns[i].cells:
                cell.width = Cm(width)
        self.document.add_paragraph()

    # --- pictures --------------------------------------------------------------------------------------------------

    def picture(self, element, *, paragraph=None) -> None:
        """A chart as its PNG (core.charts.chart_png) with the alt text as the picture's description."""
        from docx.shared import Cm

        from core.charts import chart_png

        encoded = element.get("data-chart")
        if not encoded:
            return
        if paragraph is None:
            paragraph = self.document.add_paragraph()
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(chart_png(encoded)), width=Cm(11.0))
        alt = element.get("alt") or ""
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt[:250])


def _text(element) -> str:
    return SPACES.sub(" ", element.text_content()).strip()


def _run(paragraph, text: str, *, bold: bool = False, style: str = ""):
    from docx.shared import RGBColor

    text = SPACES.sub(" ", text)
    if not paragraph.text and not paragraph.runs:
        text = text.lstrip()
    if not text:
        return None
    run = paragraph.add_run(text)
    run.bold = bold or None
    if style == "bad":
        run.font.color.rgb = RGBColor(*RED)
    elif style == "good":
        run.font.color.rgb = RGBColor(*GREEN)
    elif style == "muted":
        run.font.color.rgb = RGBColor(*GREY)
    return run


def _own_table(tr):
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cells(tr) -> list:
    return [c for c in tr if isinstance(c.tag, str) and c.tag in ("th", "td")]


def _widths(table, columns: int) -> list[float]:
    """Column widths in cm from the template's <colgroup> (percent of the page's width), the rest shared evenly; a
    table without widths gives its first column a third."""
    percents: list[float | None] = []
    for col in table.iter("col"):
        match = re.search(r"width:\s*([\d.]+)%", col.get("style") or "")
        percents.append(float(match.group(1)) if match else None)
    percents = (percents + [None] * columns)[:columns]
    if columns >= 3 and all(p is None for p in percents):
        percents[0] = 34.0  # no widths given: the first column names the row (a school, an activity), give it room
    total = PAGE_WIDTH_CM
    parent = table.getparent()
    if parent is not None and "chart-data" in (parent.get("class") or ""):
        total = 6.0
    known = sum(p for p in percents if p is not None)
    free = [p for p in percents if p is None]
    rest = max(100.0 - known, 0.0) / len(free) if free else 0.0
    return [total * (p if p is not None else rest) / 100 for p in percents]


def _page_numbers(paragraph, title: str) -> None:
    """The footer as in the PDF: the report's title and «Стр. N из M» (Word fields, updated as the text is edited)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text, field in ((f"{title} · Стр. ", "PAGE"), (" из ", "NUMPAGES"), ("", "")):
        if text:
            paragraph.add_run(text).font.size = Pt(8)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), field)
            run = OxmlElement("w:r")
            value = OxmlElement("w:t")
            value.text = "1"
            run.append(value)
            simple.append(run)
            paragraph._p.append(simple)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
