"""How a later run tells that a station is done: marks in its workbook's document properties.

A station's workbook carries, beside the properties every rosterkit workbook has
(`rosterkit.excel.export`), three of the batch:

- ``rosterkit.batch.inputs``: the fingerprint of the run's inputs (`folder.inputs_hash`): the
  month, the settings that shape the roster and workbook (seed, time limit, solver workers,
  language) and the content of the station, officer, leave and previous-roster files;
- ``rosterkit.batch.ledger``: the hash of the ledger as the run wrote it back (empty without a
  ledger), since the ledger is read and rewritten in place;
- ``rosterkit.batch.summary``: the station's figures (`StationSummary`), so that the district
  workbook of a later run lists it without solving it again.

A station is done when its workbook carries the inputs of this run and the ledger beside it is
the one that run wrote. Excel keeps custom properties when a person edits and saves the
workbook, so a roster corrected by hand is not rostered over. The district workbook carries
``rosterkit.batch.district`` (the month), so that a later run of the same month may replace it.

Reading takes the properties straight from the file's zip archive (``docProps/custom.xml``), in
milliseconds, without opening the workbook.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from rosterkit.batch.outcome import StationSummary

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["INPUTS", "LEDGER", "SUMMARY", "StationMarks", "mark", "read_marks"]

INPUTS = "rosterkit.batch.inputs"
LEDGER = "rosterkit.batch.ledger"
SUMMARY = "rosterkit.batch.summary"
DISTRICT = "rosterkit.batch.district"

_CUSTOM_XML = "docProps/custom.xml"
_MOST_BYTES = 1_000_000
"""Most bytes of ``custom.xml`` read; rosterkit writes well under 2,000."""


@dataclass(frozen=True)
class StationMarks:
    """The batch's marks read from a station workbook."""

    inputs: str
    ledger: str
    summary: StationSummary | None


def mark(workbook: Workbook, values: dict[str, str]) -> None:
    """Add the custom document properties `values` (name to text) to `workbook`."""
    from openpyxl.packaging.custom import StringProperty

    custom = workbook.custom_doc_props  # type: ignore[attr-defined]  # not in the stubs
    for name, value in values.items():
        custom.append(StringProperty(name=name, value=value))


def custom_properties(path: Path) -> dict[str, str]:
    """The custom document properties of a workbook as text; {} for a file that has none or is
    not a workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(_CUSTOM_XML)
            if info.file_size > _MOST_BYTES:
                return {}
            root = ElementTree.fromstring(archive.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    found: dict[str, str] = {}
    for prop in root:
        name = prop.get("name")
        value = next(iter(prop), None)
        if name is not None and value is not None:
            found[name] = value.text or ""
    return found


def read_marks(path: Path) -> StationMarks | None:
    """The batch's marks of a station workbook, or None if it carries none (not written by a
    batch, or not a workbook)."""
    found = custom_properties(path)
    if INPUTS not in found:
        return None
    summary = StationSummary.from_json(found.get(SUMMARY, ""))
    return StationMarks(inputs=found[INPUTS], ledger=found.get(LEDGER, ""), summary=summary)
