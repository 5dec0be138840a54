"""The district workbook: one row per station with its status, cost, call-ins and fairness.

Sheets (Chinese by default, English with ``lang="en"``):

1. 汇总 Summary: per station its status, the solve's status, cost, bound and gap, call-ins,
   what fairness cost and in how many terms, the checker's count, officers, refused leave, the
   time it took, a link to its workbook and its first reason or note; a total row below.
2. 原因 Reasons: every reason and note of every station, one a row.

The figures are those of each station's `StationSummary` (the result's cost and penalties,
`rosterkit.figures`); nothing is counted again here. The workbook prints one page wide and
carries the custom property ``rosterkit.batch.district`` (the month), which lets a later run of
the month replace it.
"""

from __future__ import annotations

import io as bytes_io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.batch.marks import DISTRICT, mark
from rosterkit.batch.outcome import FAILED, StationOutcome, StationStatus
from rosterkit.calendar import Month
from rosterkit.excel.labels import Lang, check_lang, status_label, word
from rosterkit.excel.layout import PageStyle, fit_columns, fit_wrapped_rows, print_setup
from rosterkit.excel.styles import (
    ABOVE_MAX_COLOUR,
    BELOW_MIN_COLOUR,
    BOLD,
    BOX,
    CENTRE,
    HEADER_COLOUR,
    OK_COLOUR,
    TITLE,
    WRAP,
    fill,
    put,
)

__all__ = ["district_workbook", "district_workbook_bytes", "status_words"]

_WORDS: dict[str, tuple[str, str]] = {
    "sheet.summary": ("汇总", "Summary"),
    "sheet.reasons": ("原因", "Reasons"),
    "title": ("辖区派出所排班汇总", "District rosters"),
    "title.reasons": ("各所原因与备注", "reasons and notes per station"),
    "h.number": ("序号", "No."),
    "h.station": ("派出所", "Station"),
    "h.file": ("文件名", "File name"),
    "h.status": ("状态", "Status"),
    "h.solve": ("求解结果", "Solve"),
    "h.cost": ("代价", "Cost"),
    "h.bound": ("下界", "Bound"),
    "h.gap": ("差距", "Gap"),
    "h.call_ins": ("抽调人次", "Call-ins"),
    "h.fairness_cost": ("均衡代价", "Fairness cost"),
    "h.fairness_terms": ("均衡超限项", "Fairness terms"),
    "h.violations": ("校验问题", "Violations"),
    "h.officers": ("民警人数", "Officers"),
    "h.refused": ("未准请假", "Refused leave"),
    "h.seconds": ("用时(秒)", "Seconds"),
    "h.workbook": ("排班表", "Workbook"),
    "h.reason": ("原因/备注", "Reason / note"),
    "h.kind": ("类别", "Kind"),
    "kind.reason": ("原因", "reason"),
    "kind.note": ("备注", "note"),
    "total": ("合计", "Total"),
    "status.rostered": ("已排班", "rostered"),
    "status.skipped": ("已排(未重排)", "done before"),
    "status.no_roster": ("无法排班", "cannot be rostered"),
    "status.bad_input": ("输入有误", "bad input"),
    "status.kept": ("已保留(输入有变)", "kept (inputs changed)"),
    "status.error": ("出错", "error"),
}

_STATUS_COLOURS = {
    StationStatus.rostered: OK_COLOUR,
    StationStatus.skipped: OK_COLOUR,
    StationStatus.kept: ABOVE_MAX_COLOUR,
}

_HEADINGS = (
    "h.number",
    "h.station",
    "h.file",
    "h.status",
    "h.solve",
    "h.cost",
    "h.bound",
    "h.gap",
    "h.call_ins",
    "h.fairness_cost",
    "h.fairness_terms",
    "h.violations",
    "h.officers",
    "h.refused",
    "h.seconds",
    "h.workbook",
    "h.reason",
)
_TOTALLED = ("h.cost", "h.call_ins", "h.fairness_cost", "h.officers", "h.refused", "h.seconds")


def _w(key: str, lang: Lang) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def status_words(status: StationStatus, lang: Lang | str = "zh") -> str:
    """A station's batch status in words: 已排班 / rostered, 无法排班 / cannot be rostered…"""
    return _w(f"status.{status.value}", check_lang(lang))


def _month_title(month: Month, lang: Lang) -> str:
    return f"{month.year}年{month.month}月" if lang == "zh" else str(month)


def _row(outcome: StationOutcome, number: int, lang: Lang) -> dict[str, object]:
    summary = outcome.summary
    first = (outcome.reasons or outcome.notes or ("",))[0]
    row: dict[str, object] = {
        "h.number": number,
        "h.station": summary.station_name if summary else outcome.station_name or outcome.name,
        "h.file": outcome.name,
        "h.status": status_words(outcome.status, lang),
        "h.workbook": outcome.workbook.name if outcome.workbook and not outcome.failed else "",
        "h.reason": first,
        "h.seconds": round(outcome.seconds, 1)
        if outcome.status is not StationStatus.skipped
        else None,
    }
    if summary is not None and outcome.status not in FAILED:
        gap = summary.gap
        row |= {
            "h.solve": status_label(summary.solve_status, lang),
            "h.cost": summary.objective,
            "h.bound": summary.best_bound,
            "h.gap": None if gap is None else round(gap, 4),
            "h.call_ins": summary.call_ins,
            "h.fairness_cost": summary.fairness_cost,
            "h.fairness_terms": summary.fairness_terms,
            "h.violations": summary.violations,
            "h.officers": summary.officers,
            "h.refused": summary.refused_leave,
        }
    return row


def _heading_row(ws: Worksheet, row: int, keys: Sequence[str], lang: Lang) -> None:
    for column, key in enumerate(keys, start=1):
        cell = put(ws, row, column, _w(key, lang))
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, fill(HEADER_COLOUR), BOX, CENTRE


def _summary_sheet(
    ws: Worksheet, outcomes: Sequence[StationOutcome], month: Month, lang: Lang
) -> None:
    title = f"{_month_title(month, lang)} {_w('title', lang)}"
    put(ws, 1, 1, title).font = TITLE
    counts: dict[StationStatus, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    put(ws, 2, 1, ", ".join(f"{status_words(s, lang)} {n}" for s, n in counts.items()))
    header = 3
    _heading_row(ws, header, _HEADINGS, lang)
    totals: dict[str, float] = dict.fromkeys(_TOTALLED, 0)
    row = header
    for number, outcome in enumerate(outcomes, start=1):
        row += 1
        values = _row(outcome, number, lang)
        for column, key in enumerate(_HEADINGS, start=1):
            value = values.get(key)
            cell = put(ws, row, column, value if isinstance(value, (str, int, float)) else None)
            cell.border = BOX
            if key in totals and isinstance(value, (int, float)):
                totals[key] += value
            if key == "h.gap" and value is not None:
                cell.number_format = "0.0%"
            if key == "h.workbook" and value:
                cell.hyperlink = str(value)
                cell.style = "Hyperlink"
                cell.border = BOX
        colour = _STATUS_COLOURS.get(outcome.status, BELOW_MIN_COLOUR)
        ws.cell(row=row, column=_HEADINGS.index("h.status") + 1).fill = fill(colour)
    row += 1
    put(ws, row, 2, _w("total", lang)).font = BOLD
    for key, total in totals.items():
        value = round(total, 1) if key == "h.seconds" else int(total)
        cell = put(ws, row, _HEADINGS.index(key) + 1, value)
        cell.font, cell.border = BOLD, BOX
    ws.freeze_panes = f"C{header + 1}"
    fit_columns(ws, range(1, len(_HEADINGS)), range(header, row + 1), maximum=30)
    reason_column = len(_HEADINGS)
    ws.column_dimensions[get_column_letter(reason_column)].width = 60
    for number in range(header + 1, row):
        ws.cell(row=number, column=reason_column).alignment = WRAP
    fit_wrapped_rows(ws, range(header + 1, row))
    print_setup(
        ws,
        PageStyle("A4", "landscape", f"{header}:{header}"),
        header=title,
        footer=word("page", lang),
    )


def _reasons_sheet(
    ws: Worksheet, outcomes: Sequence[StationOutcome], month: Month, lang: Lang
) -> None:
    title = f"{_month_title(month, lang)} {_w('title.reasons', lang)}"
    put(ws, 1, 1, title).font = TITLE
    keys = ("h.file", "h.status", "h.kind", "h.reason")
    header = 2
    _heading_row(ws, header, keys, lang)
    row = header
    for outcome in outcomes:
        lines = [("kind.reason", text) for text in outcome.reasons]
        lines += [("kind.note", text) for text in outcome.notes]
        for kind, text in lines:
            row += 1
            for column, value in enumerate(
                (outcome.name, status_words(outcome.status, lang), _w(kind, lang), text), start=1
            ):
                put(ws, row, column, value).border = BOX
            ws.cell(row=row, column=4).alignment = WRAP
    fit_columns(ws, range(1, 4), range(header, row + 1))
    ws.column_dimensions["D"].width = 100
    fit_wrapped_rows(ws, range(header + 1, row + 1))
    print_setup(
        ws,
        PageStyle("A4", "landscape", f"{header}:{header}"),
        header=title,
        footer=word("page", lang),
    )


def district_workbook(
    outcomes: Sequence[StationOutcome], month: Month | str, *, lang: Lang | str = "zh"
) -> Workbook:
    """The district workbook of a batch's outcomes (see the module's docstring)."""
    language = check_lang(lang)
    period = Month.parse(month)
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _w("sheet.summary", language)
    _summary_sheet(summary, outcomes, period, language)
    _reasons_sheet(workbook.create_sheet(_w("sheet.reasons", language)), outcomes, period, language)
    mark(workbook, {DISTRICT: str(period)})
    workbook.properties.creator = "rosterkit"
    workbook.properties.title = f"{_month_title(period, language)} {_w('title', language)}"
    return workbook


def district_workbook_bytes(
    outcomes: Sequence[StationOutcome], month: Month | str, *, lang: Lang | str = "zh"
) -> bytes:
    """`district_workbook` as the bytes of an .xlsx file."""
    buffer = bytes_io.BytesIO()
    district_workbook(outcomes, month, lang=lang).save(buffer)
    return buffer.getvalue()


def is_district_workbook(path: Path, month: Month | str) -> bool:
    """Whether `path` is the district workbook a batch wrote for `month`."""
    from rosterkit.batch.marks import custom_properties

    return custom_properties(path).get(DISTRICT) == str(Month.parse(month))
