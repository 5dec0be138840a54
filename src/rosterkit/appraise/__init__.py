"""The month's appraisal: the workbook for the appraisers, and scores recomputed from it."""

from __future__ import annotations

from rosterkit.appraise.data import AppraisalSheet, SheetRow, appraisal_sheet
from rosterkit.appraise.score import (
    AppraisalScores,
    OfficerScore,
    entry_problems,
    score_sheet,
)

__all__ = [
    "AppraisalScores",
    "AppraisalSheet",
    "OfficerScore",
    "SheetRow",
    "appraisal_sheet",
    "entry_problems",
    "score_sheet",
]
