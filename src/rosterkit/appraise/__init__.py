"""The month's appraisal: the workbook for the appraisers, and scores recomputed from it."""

from __future__ import annotations

from rosterkit.appraise.data import AppraisalSheet, SheetRow, appraisal_sheet
from rosterkit.appraise.history import AreaChange, AreaFigures, area_changes, read_history
from rosterkit.appraise.score import (
    AppraisalScores,
    OfficerScore,
    entry_problems,
    score_sheet,
)

__all__ = [
    "AppraisalScores",
    "AppraisalSheet",
    "AreaChange",
    "AreaFigures",
    "OfficerScore",
    "SheetRow",
    "appraisal_sheet",
    "area_changes",
    "entry_problems",
    "read_history",
    "score_sheet",
]
