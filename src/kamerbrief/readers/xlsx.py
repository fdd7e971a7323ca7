"""Excel workbook (.xlsx) → the records readers/tables.py builds a Table from.

The workbook is read with openpyxl, as Excel saved it: ``data_only`` gives the values
Excel computed and stored, never our own evaluation of a formula. Numbers are the numbers
Excel stores (not its display): an int or float becomes an exact Decimal via its shortest
text (``Decimal(str(value))``) and is then rounded to the sidecar's ``decimals``, or by
default to the fewest decimals (at most 10) that show it, so 110404.0 → 110404, 12.5 → 12.5
and 0.1 + 0.2 → 0.3. Text cells go through the same Dutch number parsing as a CSV.

This module imports openpyxl, so it is imported only when a project has an .xlsx table.
"""

from __future__ import annotations

import datetime
import difflib
import re
import warnings
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity, error
from kamerbrief.model import SourceLocation
from kamerbrief.readers.records import RawCell, Record, WorkbookOptions

MAX_BYTES = 50 * 1024 * 1024
MAX_DECIMALS = 10
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a zip bomb stops here, before anything is parsed
MAX_CELLS = 2_000_000  # cells walked in one sheet, empty ones included
_RANGE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_PLAIN_SHEET = re.compile(r"^[^\W\d]\w*$")
_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$")
NO_VALUE_HINT = ("open the workbook in Excel or LibreOffice and save it again, so the computed "
                 "values are stored; a workbook written by a script stores formulas without them")


def sheet_prefix(sheet: str) -> str:
    """``Blad1!``, or ``'Blad 1'!`` when Excel would quote the name."""
    if _PLAIN_SHEET.match(sheet) and not _CELL_LIKE.match(sheet):
        return f"{sheet}!"
    return "'" + sheet.replace("'", "''") + "'!"


def column_letters(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - ord("A") + 1
    return index


def parse_range(text: str) -> tuple[int, int, int, int] | None:
    """``A3:H20`` → (first row, first column, last row, last column); None when malformed."""
    match = _RANGE.match(text.strip())
    if not match:
        return None
    first_col, first_row = column_index(match.group(1)), int(match.group(2))
    last_col, last_row = column_index(match.group(3)), int(match.group(4))
    if not (1 <= first_row <= last_row <= 1_048_576 and 1 <= first_col <= last_col <= 16_384):
        return None
    return first_row, first_col, last_row, last_col


def excel_number(value: int | float, decimals: int | None) -> Decimal:
    """An Excel number as an exact Decimal, rounded to ``decimals`` (see the module text)."""
    number = Decimal(str(value))
    try:
        if decimals is not None:
            return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if number.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
            number = number.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_UP)
        if number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number.normalize()
    except InvalidOperation:  # more digits than Decimal's precision: keep it as stored
        return number


def _text_of(value: Any) -> str:
    """What a label or header cell reads as text."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    return str(value).strip()


def _raw_cell(value: Any, data_type: str, formula: str | None, name: str,
              decimals: int | None) -> RawCell:
    if formula is not None and value is None:
        return RawCell("", name=name, problem=(
            "KB118", f"formula without a computed value ({name}: {formula})", NO_VALUE_HINT))
    if value is None:
        return RawCell("", name=name)
    if data_type == "e":
        return RawCell(str(value), name=name, problem=(
            "KB111", f"Excel shows the error {value} ({name})",
            "correct the formula in the workbook, or write '-' for nil"))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            return RawCell(str(value), name=name)
        number = excel_number(value, decimals)
        return RawCell(format(number, "f"), number, name)
    return RawCell(_text_of(value), name=name)


def _open(path: Path, rel: str, data_only: bool) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style", unsupported extensions
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises anything on a damaged file
        raise ProjectError([error("KB110", f"not a valid Excel workbook: {_why(path, exc)}",
                                     SourceLocation(rel),
                                     "open the file in Excel and save it again as "
                                     "'Excel-werkmap (*.xlsx)', or export the sheet as CSV")]
                           ) from None


def _why(path: Path, exc: Exception) -> str:
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as unreadable:
        return f"cannot read the file: {unreadable.strerror}"
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return ("an old Excel 97-2003 file (.xls) or a password-protected workbook; save it "
                "as .xlsx without a password")
    if not start:
        return "the file is empty"
    if isinstance(exc, zipfile.BadZipFile) or not start.startswith(b"PK"):
        return "it is not a zip archive, as every .xlsx is (is it a CSV or text file renamed?)"
    return f"the workbook is damaged ({type(exc).__name__}: {exc})"


# (row, column) → (value or formula text, data type) of the cells that hold something
_CellMap = dict[tuple[int, int], tuple[Any, str]]


def read_workbook_records(path: Path, rel: str, options: WorkbookOptions,
                          findings: list[Diagnostic]) -> list[Record] | None:
    """The non-blank rows of the table's sheet and range; None after a finding that leaves
    nothing to read (unknown sheet, malformed range, empty sheet).

    A file that is not a readable workbook raises ProjectError (KB110), as an unreadable CSV.
    """
    _check_file_size(path, rel)
    _check_unpacked_size(path, rel)
    bounds = parse_range(options.range) if options.range else None
    if options.range and bounds is None:
        findings.append(error(
            "KB114", f"range = \"{options.range}\" is not a cell range",
            SourceLocation(options.sidecar or rel, options.range_line),
            "write the table's corners, such as range = \"A3:H20\""))
        return None
    sheet_cells = _read_sheet(path, rel, options, bounds, findings)
    if sheet_cells is None:  # no worksheet, or no such sheet: reported
        return None
    sheet, values, formulas, part = sheet_cells
    filled = _filled(values, formulas)
    if bounds is None:
        bounds = _used_range(filled)
        if bounds is None:
            findings.append(error("KB110", f"sheet '{sheet}' of the workbook is empty",
                                     SourceLocation(rel),
                                     "put the table on the first sheet, or set sheet = in the "
                                     "sidecar"))
            return None
    records = _records(sheet, values, formulas, filled, bounds, options.decimals)
    _report_hidden(records, _hidden(path, part), sheet, bounds, rel, findings)
    return records


def _check_file_size(path: Path, rel: str) -> None:
    """Refuse a workbook over MAX_BYTES before openpyxl spends memory on it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ProjectError([error("KB110", f"cannot read table: {exc.strerror}",
                                     SourceLocation(rel))]) from None
    if size > MAX_BYTES:
        raise ProjectError([error(
            "KB110", f"workbook is {size // 1024 // 1024} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB", SourceLocation(rel),
            "keep only the table's sheet in the workbook")])


# A row or column element of a sheet's XML, and the attributes that say where it is and
# whether it is hidden (Excel's Hide, or a filter).
_DIMENSION_TAG = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
_DIMENSION_ATTR = re.compile(rb'\b(r|min|max|hidden)="([^"]*)"')


def _hidden(path: Path, part: str | None) -> tuple[set[int], set[int]]:
    """The rows and the columns (numbers) the sheet hides. openpyxl's read-only sheets do not
    read them, so the sheet's part is scanned for ``hidden="1"``: a tag at a time, no XML
    parser, within the unpacked size already allowed."""
    rows: set[int] = set()
    columns: set[int] = set()
    if not part:
        return rows, columns
    with zipfile.ZipFile(path) as archive:
        data = archive.read(part)
    for match in _DIMENSION_TAG.finditer(data):
        attrs = dict(_DIMENSION_ATTR.findall(match.group(2)))
        if attrs.get(b"hidden") not in (b"1", b"true"):
            continue
        if match.group(1) == b"row" and attrs.get(b"r", b"").isdigit():
            rows.add(int(attrs[b"r"]))
        elif match.group(1) == b"col" and attrs.get(b"min", b"").isdigit():
            first = int(attrs[b"min"])
            end = attrs.get(b"max", b"")
            last = int(end) if end.isdigit() else first
            columns.update(range(first, min(last, 16384) + 1))
    return rows, columns


def _report_hidden(records: list[Record], hidden: tuple[set[int], set[int]], sheet: str,
                   bounds: tuple[int, int, int, int], rel: str,
                   findings: list[Diagnostic]) -> None:
    """KB122: rows or columns hidden in Excel inside the table, which are printed as any."""
    rows, columns = hidden
    shown = [row for row, _ in records if row in rows]
    if shown:
        more = f" (and {len(shown) - 1} more: rows {', '.join(map(str, shown[1:6]))}" \
               f"{'…' if len(shown) > 6 else ''})" if len(shown) > 1 else ""
        findings.append(Diagnostic(
            "KB122", Severity.WARNING, f"row {shown[0]} of sheet '{sheet}' is hidden in Excel"
            f"{more}: kamerbrief prints and checks it as any other row", SourceLocation(rel, shown[0]),
            hint="delete the row, unhide it, or leave it out with range = in the sidecar"))
    first_col, last_col = bounds[1], bounds[3]
    letters = [column_letters(c) for c in sorted(columns) if first_col <= c <= last_col]
    if letters:
        findings.append(Diagnostic(
            "KB122", Severity.WARNING, f"column{'s' * (len(letters) > 1)} "
            f"{', '.join(letters[:6])}{'…' if len(letters) > 6 else ''} of sheet '{sheet}' "
            f"{'are' if len(letters) > 1 else 'is'} hidden in Excel: kamerbrief prints and "
            "checks them as any other column", SourceLocation(rel, bounds[0]),
            hint="delete the column, unhide it, or leave it out with range = in the sidecar"))


def _read_sheet(path: Path, rel: str, options: WorkbookOptions,
                bounds: tuple[int, int, int, int] | None,
                findings: list[Diagnostic]) -> tuple[str, _CellMap, _CellMap, str | None] | None:
    """The chosen sheet's stored values and its formulas, read from two views of the file,
    and where the sheet is in the file."""
    values_book = _open(path, rel, data_only=True)
    try:
        formula_book = _open(path, rel, data_only=False)
    except ProjectError:
        values_book.close()
        raise
    try:
        sheets = [sheet.title for sheet in values_book.worksheets]
        sheet = _pick_sheet(sheets, options, rel, findings)
        if sheet is None:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values = _cells(values_book[sheet], bounds, want_formulas=False)
                formulas = _cells(formula_book[sheet], bounds, want_formulas=True)
                # the sheet's part in the file (openpyxl's read-only sheet keeps its path)
                part = getattr(values_book[sheet], "_worksheet_path", None)
        except Exception as exc:  # a damaged sheet shows only when it is parsed
            raise ProjectError([error(
                "KB110", f"not a valid Excel workbook: sheet '{sheet}' cannot be read "
                f"({type(exc).__name__}: {exc})", SourceLocation(rel),
                "open the file in Excel and save it again")]) from None
    finally:
        values_book.close()
        formula_book.close()
    return sheet, values, formulas, part


def _filled(values: _CellMap, formulas: _CellMap) -> set[tuple[int, int]]:
    """Cells with a value other than blank text, or with a formula (even one without a value)."""
    filled = {key for key, (value, _) in values.items()
              if value is not None and not (isinstance(value, str) and not value.strip())}
    return filled | {key for key, (formula, _) in formulas.items() if formula is not None}


def _used_range(filled: set[tuple[int, int]]) -> tuple[int, int, int, int] | None:
    """The smallest range around the filled cells, when the sidecar names none; None if empty."""
    if not filled:
        return None
    return (min(r for r, _ in filled), min(c for _, c in filled),
            max(r for r, _ in filled), max(c for _, c in filled))


def _records(sheet: str, values: _CellMap, formulas: _CellMap, filled: set[tuple[int, int]],
             bounds: tuple[int, int, int, int], decimals: int | None) -> list[Record]:
    """One record per row within ``bounds`` that holds something, each cell named as Excel does."""
    first_row, first_col, last_row, last_col = bounds
    prefix = sheet_prefix(sheet)
    records: list[Record] = []
    # only rows that hold something (blank rows are skipped, as in a CSV): a sheet's stray
    # far-away cell must not make us walk a million empty rows
    for row in sorted({r for r, c in filled if first_row <= r <= last_row
                       and first_col <= c <= last_col}):
        cells = []
        for col in range(first_col, last_col + 1):
            value, data_type = values.get((row, col), (None, "n"))
            formula = formulas.get((row, col), (None, "n"))[0]
            name = f"{prefix}{column_letters(col)}{row}"
            cells.append(_raw_cell(value, data_type, formula, name, decimals))
        records.append((row, cells))
    return records


def _check_unpacked_size(path: Path, rel: str) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UNPACKED_BYTES (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # _open reports an unreadable workbook with the reason
    if unpacked > MAX_UNPACKED_BYTES:
        raise ProjectError([error(
            "KB110", f"workbook unpacks to {unpacked // 1024 // 1024} MB; the limit is "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB", SourceLocation(rel),
            "keep only the table's sheet in the workbook")])


def _pick_sheet(sheets: list[str], options: WorkbookOptions, rel: str,
                findings: list[Diagnostic]) -> str | None:
    if not sheets:
        findings.append(error("KB110", "the workbook has no worksheets", SourceLocation(rel)))
        return None
    if not options.sheet:
        return sheets[0]
    # Excel treats sheet names case-insensitively, so does the sidecar
    match = next((s for s in sheets if s.casefold() == options.sheet.casefold()), None)
    if match is None:
        close = difflib.get_close_matches(options.sheet, sheets, n=1)
        listed = ", ".join(f"'{s}'" for s in sheets)
        findings.append(error(
            "KB114", f"sheet = \"{options.sheet}\": {rel} has no such sheet; its sheets: {listed}",
            SourceLocation(options.sidecar or rel, options.sheet_line),
            f"did you mean '{close[0]}'?" if close else "use one of the sheet names listed"))
    return match


def _cells(sheet: Any, bounds: tuple[int, int, int, int] | None,
           want_formulas: bool) -> _CellMap:
    """(row, column) → (value, data type) of every cell that holds something.

    With ``want_formulas`` only formula cells are kept, with their formula text. Rows and
    columns are counted from the iteration's start, as read-only cells may be placeholders.
    """
    if bounds is None:
        sheet.reset_dimensions()  # the stored dimension may be wrong; read what is there
        first_row, first_col = 1, 1
        rows = sheet.iter_rows()
    else:
        first_row, first_col, last_row, last_col = bounds
        rows = sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col,
                               max_col=last_col)
    found: _CellMap = {}
    walked = 0
    for row_offset, row in enumerate(rows):
        walked += len(row)
        if walked > MAX_CELLS:
            raise ValueError(f"the sheet has more than {MAX_CELLS:,} cells; set range = "
                             "\"A1:H40\" in the sidecar to the table's corners")
        for col_offset, cell in enumerate(row):
            value = getattr(cell, "value", None)
            data_type = getattr(cell, "data_type", "n")
            if value is None:
                continue
            key = (first_row + row_offset, first_col + col_offset)
            if want_formulas:
                if data_type == "f":
                    found[key] = (_formula_text(value), data_type)
            else:
                found[key] = (value, data_type)
    return found


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)  # ArrayFormula keeps its formula in .text
    return str(text) if str(text).startswith("=") else f"={text}"
