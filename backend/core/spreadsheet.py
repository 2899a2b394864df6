"""Cells of CSV files that people open in spreadsheets.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) is
read by Excel, LibreOffice and Google Sheets as a formula, which can run commands or send the
sheet's data away (CSV injection). Such a cell is written with a leading apostrophe, which the
spreadsheet shows as text and does not display.
"""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
