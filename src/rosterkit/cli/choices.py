"""The choices of the command line's options, in a module light enough to import at start-up."""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    """Formats `generate` writes: a workbook to print, or a long table (one row per officer-day)."""

    xlsx = "xlsx"
    csv = "csv"
    json = "json"


class Lang(StrEnum):
    """Language of the workbook's headings and labels."""

    zh = "zh"
    en = "en"
