"""Safe reading of uploaded tables (.xlsx or .csv) into rows of strings.

Pure Python, no Django: every limit comes in through `Limits`. A file is recognised by its content, never by its
name, and a hostile one is refused with a `TableError` whose `.message` is Russian and shown to the user as is.

What is checked for an .xlsx before any parser sees it, cheapest first:
  1. the file's size;
  2. the ZIP end record and then the central directory (no decompression): the number of members, the sum of their
     declared sizes, each member's compression ratio, encrypted members, macros (`vbaProject.bin`);
  3. every member, decompressed as a bounded stream: DTD/entity declarations (also in UTF-16/32), XML in an
     encoding other than an ASCII-compatible one, the macro-enabled content type, and the area of the sheet that
     the cell references span. The last matters because calamine allocates rows × columns cells of the area between
     the first and the last referenced cell: a 1.5 KB sheet with values in A1 and XFD1048576 would otherwise make it
     ask for 512 GB and abort the whole process.
Only then is the workbook handed to python-calamine.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import gc
import io
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from .errors import ApplicationError

# ---------------------------------------------------------------------------------------------------------------------
# Messages (Russian, shown to the user as is). Placeholders are filled by `table_read`; sizes and numbers come
# formatted by `size_ru` / `number_ru` (a no-break space between thousands and before units).

EMPTY = "Файл пуст."
EMPTY_SHEET = "Лист «{sheet}» пуст: в нём нет ни одной заполненной строки."
NOT_TABLE = "Файл не является таблицей Excel (.xlsx) или CSV."
NOT_TABLE_LIKE = "Файл не является таблицей Excel (.xlsx) или CSV: похоже на {what}."
XLS = "Формат .xls (Excel 97–2003) не поддерживается: сохраните файл как .xlsx."
XLSB = "Формат .xlsb (двоичная книга Excel) не поддерживается: сохраните файл как .xlsx."
ODS = "Формат .ods (OpenDocument) не поддерживается: сохраните файл как .xlsx."
XML_SPREADSHEET = "Формат «Таблица XML 2003» не поддерживается: сохраните файл как .xlsx."
ENCRYPTED = "Файл защищён паролем: снимите пароль и сохраните таблицу как обычный .xlsx."
MACROS = "Файлы с макросами (.xlsm) не принимаются: сохраните таблицу как обычный .xlsx без макросов."
XML_UNSAFE = "Файл содержит недопустимые XML-конструкции (DTD/сущности) и отклонён."
DAMAGED = (
    "Файл Excel повреждён или сохранён нестандартной программой: откройте его в Excel и сохраните заново как .xlsx."
)
TOO_LARGE = "Файл занимает более {limit} — это больше допустимого."
TOO_LARGE_UNPACKED = "Файл после распаковки занимает более {limit} — это больше допустимого."
TOO_MANY_ENTRIES = "Файл состоит из более чем {limit} внутренних частей — это больше допустимого."
TOO_COMPRESSED = "Часть файла сжата более чем в {limit} раз — так бывает у «zip-бомб», поэтому файл отклонён."
TOO_MANY_CELLS = (
    "Данные на листе занимают область более {limit} ячеек (строки × столбцы) — это больше допустимого. "
    "Удалите лишние строки и столбцы, в том числе случайные значения далеко за пределами таблицы, "
    "и сохраните файл заново."
)
TOO_MANY_ROWS = "В файле более {limit} строк данных — это больше допустимого. Разделите таблицу на несколько файлов."
ENCODING = "Не удалось определить кодировку текста: сохраните CSV-файл в кодировке UTF-8."
CSV_BAD = "Не удалось разобрать CSV-файл около записи {row}: проверьте кавычки и разделители."

# What a refused file looks like, for NOT_TABLE_LIKE.
LOOKS_PDF = "PDF-документ"
LOOKS_DOCX = "документ Word (.docx)"
LOOKS_DOC = "документ Word 97–2003 (.doc)"
LOOKS_PPTX = "презентацию PowerPoint (.pptx)"
LOOKS_OPENDOCUMENT = "документ OpenDocument (.odt/.odp)"
LOOKS_ZIP = "ZIP-архив"
LOOKS_RAR = "архив RAR"
LOOKS_7Z = "архив 7-Zip"
LOOKS_GZIP = "архив gzip"
LOOKS_IMAGE = "изображение ({format})"
LOOKS_RTF = "документ RTF"
LOOKS_HTML = "веб-страницу (HTML)"
LOOKS_XML = "XML-документ"
LOOKS_OLE = "документ Microsoft Office старого формата"
LOOKS_EXE = "программу (исполняемый файл)"

MIB = 1024 * 1024
KIB = 1024
RATIO_MIN_BYTES = MIB  # a member smaller than this can't be a bomb (the total is capped); its ratio is not checked
_CHUNK = MIB  # decompressed bytes scanned at a time
_MAX_TAG = MIB  # one XML tag longer than this is refused as damaged


class TableError(ApplicationError):
    """Raised for a file that must be refused; .message is Russian, shown to the user as is. Its own class: a
    reader's caller tells a refused file from its other refusals."""

    default_code = "table_refused"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MIB  # uploaded file size
    max_unpacked_bytes: int = 200 * MIB  # sum of uncompressed sizes of zip members
    max_entries: int = 1000  # zip members
    max_rows: int = 200_000  # data rows (non-empty rows after the header)
    max_ratio: int = 200  # per-member compression ratio limit (zip bombs)
    max_cells: int = 10_000_000  # rows × columns of the area a sheet's cell references span (calamine's allocation)


@dataclass
class Table:
    headers: list[str]  # header row as written (stripped strings), trailing empty header cells dropped
    rows: list[list[str]]  # data rows, each a list of strings ('' for empty), same length as headers
    row_numbers: list[int]  # spreadsheet row (CSV: record) number of each data row
    header_row_number: int
    sheet_name: str | None
    kind: str  # "xlsx" or "csv"


# ---------------------------------------------------------------------------------------------------------------------
# Formatting and header keys


def number_ru(n: int) -> str:
    """200000 → '200 000' (no-break spaces between thousands, as in Russian typography)."""
    return f"{n:,}".replace(",", "\u00a0")


def size_ru(nbytes: int) -> str:
    """20 MiB → '20 МБ', 1.5 MiB → '1,5 МБ', 2048 → '2 КБ', 100 → '100 байт'."""
    for unit, scale in (("МБ", MIB), ("КБ", KIB)):
        if nbytes >= scale:
            value = round(nbytes / scale, 1)
            text = str(int(value)) if value == int(value) else f"{value}".replace(".", ",")
            return f"{text}\u00a0{unit}"
    return f"{nbytes}\u00a0байт"


# Latin letters that look like Cyrillic ones (after lowercasing), for keys that mix the two scripts: «Код OO» typed with
# Latin O's must still match «Код ОО».
_HOMOGLYPHS = str.maketrans("abcehkmoptxy", "авсенкмортху")
_CYRILLIC = re.compile("[а-яё]")
_NOT_KEY = re.compile(r"(?:[^\w№]|_)+")  # str.isalnum() is exactly \w without "_" (checked over every code point)


def header_key(text: str) -> str:
    """Normalise a header (or a short value) for matching.

    Lowercase, ё→е, everything but letters, digits and «№» removed (quotes «»"'“”„, punctuation, whitespace, invisible
    characters). When the text has Cyrillic letters, Latin look-alikes (a, c, e, o, p, x, y, and B, H, K, M, T) are read
    as Cyrillic. «Код ОО» and "код  оо" → 'кодоо'; «"4" и "5"» → '4и5'; «2» → '2'; 'school_code' → 'schoolcode'.
    """
    text = unicodedata.normalize("NFC", str(text)).lower().replace("ё", "е")
    key = _NOT_KEY.sub("", text)
    if _CYRILLIC.search(key):
        key = key.translate(_HOMOGLYPHS)
    return key


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection inside: reading a sheet allocates millions of lists and strings (no cycles), and
    each full collection would walk all of them again. Objects are still freed by reference counting. Restores the
    previous state, so it nests and leaves a caller's gc.disable() alone."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------------------------------------------------------------
# Entry point


def table_read(
    data: bytes | bytearray | memoryview | str | os.PathLike,
    *,
    filename: str,
    limits: Limits = Limits(),
    sheet: str | None = None,
) -> Table:
    """Read an uploaded .xlsx or .csv into a `Table`, or raise `TableError`.

    `data` is the file's bytes, a path, or a binary file object. `filename` is the user's name for the file; it is
    not used to decide the format (content is). `sheet`: the sheet to read when the workbook has it, else the first
    visible worksheet.
    """
    data = _load(data, limits)
    if not data:
        raise TableError(EMPTY)
    if len(data) > limits.max_bytes:
        raise TableError(TOO_LARGE.format(limit=size_ru(limits.max_bytes)))
    head = data[:8]
    with gc_paused():
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
            return _xlsx_read(data, limits, sheet)
        _refuse_binary(data)
        return _csv_read(data, limits)


def _load(data, limits: Limits) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, (str, os.PathLike)):
        if os.path.getsize(data) > limits.max_bytes:
            raise TableError(TOO_LARGE.format(limit=size_ru(limits.max_bytes)))
        with open(data, "rb") as f:
            return f.read(limits.max_bytes + 1)
    if hasattr(data, "read"):
        return data.read(limits.max_bytes + 1)
    raise TypeError(f"table_read: bytes, a path or a binary file expected, not {type(data).__name__}")


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", LOOKS_PDF),
    (b"\x89PNG\r\n\x1a\n", LOOKS_IMAGE.format(format="PNG")),
    (b"\xff\xd8\xff", LOOKS_IMAGE.format(format="JPEG")),
    (b"GIF87a", LOOKS_IMAGE.format(format="GIF")),
    (b"GIF89a", LOOKS_IMAGE.format(format="GIF")),
    (b"II*\x00", LOOKS_IMAGE.format(format="TIFF")),
    (b"MM\x00*", LOOKS_IMAGE.format(format="TIFF")),
    (b"Rar!\x1a\x07", LOOKS_RAR),
    (b"7z\xbc\xaf\x27\x1c", LOOKS_7Z),
    (b"\x1f\x8b", LOOKS_GZIP),
    (b"{\\rtf", LOOKS_RTF),
    (b"\x7fELF", LOOKS_EXE),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refuse_binary(data: bytes) -> None:
    """Refuse a file that is recognisably not a table (by magic bytes); let text through."""
    if data.startswith(_OLE):
        # An OLE2 compound file: .xls, .doc, or an .xlsx with a password (Excel wraps it in OLE2 "EncryptedPackage").
        # The directory entry names are UTF-16LE.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise TableError(ENCRYPTED)
        if "WordDocument".encode("utf-16-le") in data:
            raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_DOC))
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            raise TableError(XLS)
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_OLE))
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise TableError(NOT_TABLE_LIKE.format(what=what))
    if data.startswith(b"MZ") and b"\x00" in data[:1024]:  # "MZ" alone could start a line of text
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_EXE))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_IMAGE.format(format="WebP")))


# ---------------------------------------------------------------------------------------------------------------------
# Building the table (shared by xlsx and csv)


def _table_build(
    rows: Iterable[tuple[int, list[str]]], *, limits: Limits, kind: str, sheet_name: str | None, empty: str
) -> Table:
    """rows: (row number, stripped cells). The first non-empty row is the header; empty rows are dropped."""
    it = iter(rows)
    for header_number, header in it:
        if any(header):
            break
    else:
        raise TableError(empty)
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    headers = header[:width]
    out_rows: list[list[str]] = []
    numbers: list[int] = []
    max_rows = limits.max_rows
    for number, cells in it:
        if len(cells) != width:
            cells = cells[:width] if len(cells) > width else cells + [""] * (width - len(cells))
        if not any(cells):
            continue
        if len(out_rows) >= max_rows:
            raise TableError(TOO_MANY_ROWS.format(limit=number_ru(max_rows)))
        out_rows.append(cells)
        numbers.append(number)
    return Table(
        headers=headers,
        rows=out_rows,
        row_numbers=numbers,
        header_row_number=header_number,
        sheet_name=sheet_name,
        kind=kind,
    )


# ---------------------------------------------------------------------------------------------------------------------
# CSV

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"\Asep=(.)[ \t]*(?:\r\n|\n|\r|\Z)", re.IGNORECASE)
_EXCEL_TEXT = re.compile(r'\A="(.*)"\Z', re.DOTALL)  # ="0012": Excel's way to keep leading zeros in a CSV
_XML_SPREADSHEET_MARKS = ("urn:schemas-microsoft-com:office:spreadsheet", 'progid="excel.sheet"')


def _text_decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise TableError(ENCODING)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TableError(ENCODING) from None
    else:
        if b"\x00" in data:
            raise TableError(NOT_TABLE)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError:
                raise TableError(ENCODING) from None
    if "\x00" in text:
        raise TableError(NOT_TABLE)
    text = text.rstrip("\x1a")  # DOS end-of-file mark
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise TableError(NOT_TABLE)
    return text


def _refuse_markup(text: str) -> None:
    start = text[:4096].lstrip().lower()
    if start.startswith("<?xml"):
        if any(mark in text[:65536].lower() for mark in _XML_SPREADSHEET_MARKS):
            raise TableError(XML_SPREADSHEET)
        if "<html" in start:
            raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_HTML))
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_XML))
    if start.startswith(("<!doctype html", "<html", "<table", "<head", "<body", "<meta")):
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_HTML))
    if start.startswith("{\\rtf"):
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_RTF))


def csv_delimiter(text: str) -> str:
    """The delimiter of the first non-empty line: the most frequent of ';', tab and ',' outside quotes
    (';' wins a tie, then tab); ';' when there is none (a one-column file)."""
    counts = {";": 0, "\t": 0, ",": 0}
    quoted = False
    started = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
            started = True
        elif quoted:
            continue
        elif ch in "\r\n":
            if started:
                break
        elif ch in counts:
            counts[ch] += 1
            started = True
        elif not ch.isspace():
            started = True
    return max(counts, key=lambda d: counts[d])  # dicts keep order, max keeps the first of equals: ; then tab then ,


def _csv_read(data: bytes, limits: Limits) -> Table:
    text = _text_decode(data)
    _refuse_markup(text)
    sep = _SEP_LINE.match(text)
    if sep:  # Excel's «sep=;» hint line; Excel does not show it as a row, nor do we count it
        delimiter, text = sep.group(1), text[sep.end() :]
    else:
        delimiter = csv_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)

    def records() -> Iterator[tuple[int, list[str]]]:
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                cells = [c.strip() for c in record]
                for i, c in enumerate(cells):
                    if c.startswith('="'):
                        m = _EXCEL_TEXT.match(c)
                        if m:
                            cells[i] = m.group(1).replace('""', '"').strip()
                yield number, cells
        except csv.Error:
            raise TableError(CSV_BAD.format(row=number_ru(number + 1))) from None

    return _table_build(records(), limits=limits, kind="csv", sheet_name=None, empty=EMPTY)


# ---------------------------------------------------------------------------------------------------------------------
# XLSX: the container


def _zip_directory_check(data: bytes, limits: Limits) -> None:
    """Refuse too many members from the end-of-central-directory record alone, before zipfile builds a ZipInfo per
    member (a 20 MB file can declare some 400 000 of them)."""
    tail_start = max(0, len(data) - (22 + 65535))
    pos = data.rfind(b"PK\x05\x06", tail_start)
    if pos < 0 or pos + 22 > len(data):
        return  # zipfile will say it is not a ZIP file
    _sig, _disk, _cd_disk, _n_disk, n_total, cd_size, _cd_offset, _comment = struct.unpack(
        "<4sHHHHIIH", data[pos : pos + 22]
    )
    if n_total == 0xFFFF or cd_size == 0xFFFFFFFF:  # ZIP64: the counts are in the ZIP64 end record
        loc = pos - 20
        if loc >= 0 and data[loc : loc + 4] == b"PK\x06\x07":
            (rec_offset,) = struct.unpack("<Q", data[loc + 8 : loc + 16])
            rec = data[rec_offset : rec_offset + 56]
            if len(rec) == 56 and rec[:4] == b"PK\x06\x06":
                n_total, cd_size = struct.unpack("<QQ", rec[32:48])
    # An entry in the central directory takes at least 46 bytes; allow long names and extra fields (1 KB each).
    if n_total > limits.max_entries or cd_size > max(limits.max_entries, 1) * 1024:
        raise TableError(TOO_MANY_ENTRIES.format(limit=number_ru(limits.max_entries)))


def _zip_open(data: bytes, limits: Limits) -> zipfile.ZipFile:
    _zip_directory_check(data, limits)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error, NotImplementedError):
        raise TableError(DAMAGED) from None
    if len(infos) > limits.max_entries:
        raise TableError(TOO_MANY_ENTRIES.format(limit=number_ru(limits.max_entries)))
    # The archive must start at the file's first byte: with one ZIP glued after another, zipfile and calamine's Rust
    # reader could pick different central directories, and calamine read members that were never checked.
    if infos and min(i.header_offset for i in infos) != 0:
        raise TableError(DAMAGED)
    return zf


def _zip_identify(zf: zipfile.ZipFile, data: bytes) -> None:
    """Refuse a ZIP that is not an .xlsx workbook, naming what it is (names only: nothing is decompressed)."""
    names = {i.filename.lower() for i in zf.infolist()}
    if "[content_types].xml" in names and "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise TableError(XLSB)
    if "word/document.xml" in names:
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_DOCX))
    if "ppt/presentation.xml" in names:
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_PPTX))
    if "mimetype" in names and "content.xml" in names:
        if b"opendocument.spreadsheet" in data[:256]:  # the ODF "mimetype" member is stored first, uncompressed
            raise TableError(ODS)
        raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_OPENDOCUMENT))
    if "xl/workbook.xml" in names or "[content_types].xml" in names:
        raise TableError(DAMAGED)
    raise TableError(NOT_TABLE_LIKE.format(what=LOOKS_ZIP))


def _zip_sizes_check(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Central-directory checks: macros, encryption, declared sizes and ratios. Nothing is decompressed."""
    infos = zf.infolist()
    for info in infos:
        if info.filename.rsplit("/", 1)[-1].lower() == "vbaproject.bin":
            raise TableError(MACROS)
    for info in infos:
        if info.flag_bits & 0x1:
            raise TableError(ENCRYPTED)
    if sum(i.file_size for i in infos) > limits.max_unpacked_bytes:
        raise TableError(TOO_LARGE_UNPACKED.format(limit=size_ru(limits.max_unpacked_bytes)))
    for info in infos:
        if (
            info.compress_size > 0
            and info.file_size > RATIO_MIN_BYTES
            and info.file_size / info.compress_size > limits.max_ratio
        ):
            raise TableError(TOO_COMPRESSED.format(limit=number_ru(limits.max_ratio)))


# ---------------------------------------------------------------------------------------------------------------------
# XLSX: scanning the members (decompressed as bounded streams)

# A DTD or an entity declaration, in UTF-8 or in UTF-16/32 (either byte order): '<', '!', 'DOCTYPE'/'ENTITY' with the
# same number of NUL bytes after each character.
_DTD = re.compile(rb"<(\x00{0,3})!\1(?:d\1o\1c\1t\1y\1p\1e|e\1n\1t\1i\1t\1y)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._\-]+)")
_ASCII_COMPATIBLE = re.compile(
    rb"(?i)(?:utf-?8|us-ascii|ascii|windows-125\d|cp125\d|iso-8859-\d+|latin-?1|koi8-[ru])\Z"
)
_WIDE_START = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00\xfe\xff", b"\x00\x00\x00<")
_MACRO_TYPES = re.compile(rb"(?i)macroenabled|vbaproject")

# Sheet cell area. The fast path handles sheets as Excel, LibreOffice and openpyxl write them (every <row> and <c>
# starts with r="..."), with a handful of C-speed regex passes per buffer; anything else in a buffer switches the
# member to an exact token-by-token walk that mirrors calamine's placement of cells without r.
_ROW = re.compile(rb'<row(?=[\s/>])(?: r="([0-9]{1,9})")?')  # b'' for a <row> that does not start with r="N"
_PREFIXED = re.compile(rb":(?:row|c)(?=[\s/>])")
_CELL_CANON = re.compile(rb'<c r="([A-Z]{1,7})([0-9]{1,9})"')
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])([^>]*)")
_R_ATTR = re.compile(rb"(?<![\w:.\-])r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(rb"([A-Za-z]{0,7})([0-9]{1,9})\Z")
_BIG = 10**10  # beyond any real sheet: forces the refusal when multiplied


def _le_pattern(value: str, first: str, digits: str) -> str:
    """A regex (text) matching the strings over `digits` that are at most `value` in (length, lexicographic) order
    and do not start below `first`: row numbers are digits='0123456789', first='1' ('100' → 1…100, not '007');
    column letters are digits='ABC…Z', first='A' ('AB' → A…Z, AA, AB)."""
    if not value:
        return "(?!)"
    lo, hi = digits[0], digits[-1]
    k = len(value)
    alts = []
    if k == 2:
        alts.append(f"[{first}-{hi}]")
    elif k > 2:
        alts.append(f"[{first}-{hi}][{lo}-{hi}]{{0,{k - 2}}}")
    for i, ch in enumerate(value):
        start = first if i == 0 else lo
        if ch > start:
            prev = digits[digits.index(ch) - 1]
            rest = k - i - 1
            head = start if start == prev else f"[{start}-{prev}]"
            tail = "" if rest == 0 else f"[{lo}-{hi}]" if rest == 1 else f"[{lo}-{hi}]{{{rest}}}"
            alts.append(value[:i] + head + tail)
    alts.append(value)
    return "(?:" + "|".join(alts) + ")"


def _col_number(letters: bytes) -> int:
    n = 0
    for b in letters.upper():
        n = n * 26 + (b - 64)
    return n


def _col_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


class _AreaScan:
    """The (rows, columns) a sheet member's cell references reach, for calamine's allocation; conservative."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_col = 0
        self.exact = False  # switched to the token walk
        self.row = 0  # token walk: the current row (of the last <row>)
        self.col = 0  # token walk: the last cell's column in the current row

    def feed(self, buf: bytes) -> None:
        if not self.exact and (b"<row" in buf or b"<c" in buf or b":c" in buf or b":row" in buf):
            self._fast(buf)
        if self.exact:
            self._walk(buf)

    def _fast(self, buf: bytes) -> None:
        rows = _ROW.findall(buf)
        if rows:
            if b"" in rows:
                return self._go_exact()
            self.max_row = max(self.max_row, max(map(int, rows)))
        if b":" in buf and _PREFIXED.search(buf):
            return self._go_exact()
        ok = _le_pattern(_col_letters(self.max_col), "A", "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + _le_pattern(
            str(self.max_row), "1", "0123456789"
        )
        flagged = re.compile(rb'<c(?=[\s/>])(?! r="' + ok.encode() + rb'")')
        max_row, max_col = self.max_row, self.max_col
        for m in flagged.finditer(buf):
            canon = _CELL_CANON.match(buf, m.start())
            if canon is None:
                return self._go_exact()
            max_col = max(max_col, _col_number(canon.group(1)))
            max_row = max(max_row, int(canon.group(2)))
        self.max_row, self.max_col = max_row, max_col

    def _go_exact(self) -> None:
        # Buffers so far were all canonical: the walk may start from the maxima (an overestimate at worst).
        self.exact = True
        self.row, self.col = self.max_row, self.max_col

    def _walk(self, buf: bytes) -> None:
        row, col, max_row, max_col = self.row, self.col, self.max_row, self.max_col
        for m in _TAG.finditer(buf):
            kind, attrs = m.groups()
            r = _R_ATTR.search(attrs) if b"r" in attrs else None
            value = None if r is None else (r.group(1) if r.group(1) is not None else r.group(2))
            if kind == b"row":
                if value is None:
                    row += 1
                else:
                    if not value.strip().isdigit():
                        raise TableError(DAMAGED)
                    row = int(value) if len(value.strip()) <= 10 else _BIG
                col = 0
                max_row = max(max_row, row)
            else:
                if value is None:
                    col += 1
                    max_row = max(max_row, row)
                else:
                    ref = _REF.match(value.strip())
                    if ref is None:
                        raise TableError(DAMAGED)
                    col = _col_number(ref.group(1)) if ref.group(1) else col + 1
                    max_row = max(max_row, int(ref.group(2)))
                max_col = max(max_col, col)
        self.row, self.col, self.max_row, self.max_col = row, col, max_row, max_col


def _member_scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Decompress one member as a bounded stream; refuse DTDs, wide encodings and macros; return the cell area."""
    area = _AreaScan()
    is_content_types = info.filename == "[Content_Types].xml"
    carry = b""
    first = True
    total = 0
    with zf.open(info) as f:
        while True:
            chunk = f.read(_CHUNK)
            total += len(chunk)
            if total > info.file_size:  # zipfile stops at the declared size, this is belt and braces
                raise TableError(DAMAGED)
            if first:
                first = False
                if chunk.startswith(_WIDE_START):
                    if _DTD.search(chunk):
                        raise TableError(XML_UNSAFE)
                    raise TableError(DAMAGED)
                enc = _XML_ENCODING.match(chunk)
                if enc and not _ASCII_COMPATIBLE.match(enc.group(1)):
                    raise TableError(DAMAGED)
            if not chunk:
                buf, carry = carry, b""
            else:
                buf = carry + chunk
                # Cut before a tag that the buffer does not finish, so that no pattern is split between buffers.
                lt = buf.rfind(b"<")
                if lt >= 0 and buf.find(b">", lt) < 0:
                    buf, carry = buf[:lt], buf[lt:]
                    if len(carry) > _MAX_TAG:
                        raise TableError(DAMAGED)
                else:
                    carry = b""
            if buf:
                if b"!" in buf and _DTD.search(buf):
                    raise TableError(XML_UNSAFE)
                if is_content_types and _MACRO_TYPES.search(buf):
                    raise TableError(MACROS)
                area.feed(buf)
            if not chunk:
                break
    if area.max_row >= _BIG or area.max_col >= _BIG:
        return _BIG * _BIG
    return area.max_row * area.max_col


_DECOMPRESSION_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
)


def _xlsx_check(zf: zipfile.ZipFile, data: bytes, limits: Limits) -> None:
    _zip_identify(zf, data)
    _zip_sizes_check(zf, limits)
    cells = 0
    for info in zf.infolist():
        if info.is_dir():
            continue
        try:
            cells = max(cells, _member_scan(zf, info))
        except TableError:
            raise
        except _DECOMPRESSION_ERRORS:
            # CRC mismatch, truncated or unsupported compression, a member that lies about its size: calamine
            # must not get a member we could not check.
            raise TableError(DAMAGED) from None
    if cells > limits.max_cells:
        raise TableError(TOO_MANY_CELLS.format(limit=number_ru(limits.max_cells)))


# ---------------------------------------------------------------------------------------------------------------------
# XLSX: reading with calamine


_EXACT_INT = 2.0**53


def _float_text(v: float) -> str:
    """Whole → '12'; otherwise as Excel shows it at full precision (15 significant digits), no exponent."""
    text = repr(v)
    if len(text) <= 17 and "e" not in text:  # the shortest repr: at most 15 significant digits
        if text.endswith(".0"):
            return "0" if text == "-0.0" else text[:-2]
        if len(text) <= 16:
            return text
    if v != v or v in (float("inf"), float("-inf")):
        return ""
    if v.is_integer() and -_EXACT_INT < v < _EXACT_INT:
        return str(int(v))
    text = format(v, ".15g")
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class _CellTexts(dict):
    """Cell value → text, remembered: scores, codes, names and dates repeat a lot, and a hit costs one dict lookup at
    C speed. (Equal values of different types, such as 1, 1.0 and True, or 0.0 and -0.0, have the same text, so
    sharing an entry is harmless; a string never equals a number.)"""

    def __missing__(self, v) -> str:
        text = cell_text(v)
        if len(self) < 65536 and (v.__class__ is not str or len(v) <= 256):  # bounded: at most ~16 MB of keys
            self[v] = text
        return text


def cell_text(v) -> str:
    """A cell value from calamine (or openpyxl) as the string importers get."""
    t = v.__class__
    if t is str:
        return v.strip()
    if t is float:
        return _float_text(v)
    if v is None:
        return ""
    if t is bool:
        return "1" if v else "0"
    if t is int:
        return str(v)
    if t is dt.datetime:
        if not (v.hour or v.minute or v.second or v.microsecond):
            return v.date().isoformat()
        return v.isoformat(sep=" ", timespec="seconds" if v.second or v.microsecond else "minutes")
    if t is dt.date:
        return v.isoformat()
    if t is dt.time:
        return v.isoformat(timespec="seconds" if v.second or v.microsecond else "minutes")
    if t is dt.timedelta:
        seconds = round(v.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    if isinstance(v, float):
        return _float_text(float(v))
    if isinstance(v, int):
        return "1" if v is True else "0" if v is False else str(v)
    return str(v).strip()


def _sheet_pick(book, sheet: str | None) -> str:
    names = list(book.sheet_names)
    if not names:
        raise TableError(DAMAGED)
    if sheet is not None:
        if sheet in names:
            return sheet
        wanted = sheet.strip().casefold()
        for name in names:
            if name.strip().casefold() == wanted:
                return name
    try:
        from python_calamine import SheetTypeEnum, SheetVisibleEnum

        meta = list(book.sheets_metadata)
        worksheets = [m for m in meta if m.typ == SheetTypeEnum.WorkSheet]
        visible = [m for m in worksheets if m.visible == SheetVisibleEnum.Visible]
        if visible or worksheets:
            return (visible or worksheets)[0].name
    except Exception:  # metadata is a convenience; the first sheet will do
        pass
    return names[0]


def _xlsx_read(data: bytes, limits: Limits, sheet: str | None) -> Table:
    zf = _zip_open(data, limits)
    with zf:
        _xlsx_check(zf, data, limits)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = _sheet_pick(book, sheet)
        ws = book.get_sheet_by_name(name)
        start = ws.start
        raw: list = ws.to_python(skip_empty_area=True) if start is not None else []
        several = len(book.sheet_names) > 1
        book.close()
    except (TableError, MemoryError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's errors, and pyo3's PanicException (a BaseException) from a Rust panic
        raise TableError(DAMAGED) from None

    top = start[0] + 1 if start is not None else 1

    def rows() -> Iterator[tuple[int, list[str]]]:
        text = _CellTexts().__getitem__  # strings too: a sheet repeats its codes, names and numbers
        for i, row in enumerate(raw):
            raw[i] = None  # let the raw values go as we convert
            yield top + i, list(map(text, row))

    empty = EMPTY_SHEET.format(sheet=name) if several else EMPTY
    return _table_build(rows(), limits=limits, kind="xlsx", sheet_name=name, empty=empty)
