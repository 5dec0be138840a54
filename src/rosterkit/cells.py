"""Text that a spreadsheet would take for a formula, and how it is kept as text.

A spreadsheet evaluates a cell whose text begins with '=', '+', '-' or '@' (and, once a tab or a
carriage return before it is trimmed, one beginning with those too), so text from input files
(ids, names, notes) could run as a formula where a roster is opened. The workbook marks such
cells with Excel's quote prefix; a CSV file, which has no cell attributes, gets a leading
apostrophe instead (the OWASP rule against CSV injection), and `restore` takes it off again on
reading.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "looks_like_formula", "neutralise", "restore"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read text as a formula."""

_QUOTE = "'"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take `text` for a formula."""
    return text.startswith(FORMULA_STARTS)


def _quoted(text: str) -> bool:
    """Whether `text` is apostrophes followed by the start of a formula (none or more)."""
    return looks_like_formula(text.lstrip(_QUOTE))


def neutralise(text: str) -> str:
    """`text` for a CSV cell: with a leading apostrophe when it would read as a formula.

    Text that already begins with apostrophes before such a character gets one more, so that
    `restore` gives back exactly what was written.
    """
    return _QUOTE + text if _quoted(text) else text


def restore(text: str) -> str:
    """The text that `neutralise` was given: the one apostrophe it added, taken off."""
    return text[1:] if text.startswith(_QUOTE) and _quoted(text) else text
