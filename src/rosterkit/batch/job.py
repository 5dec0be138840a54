"""One station's month, as a worker runs it: files in, workbook and ledger out, as bytes.

`run_station` is what every executor runs, in this process, a worker process or a Ray task. It
writes the station's files into a private temporary folder (a Ray node need not see the
district's folder), reads them with the library's readers, plans the month with
`rosterkit.plan_month` (the call ``rosterkit generate`` makes) and builds the workbook with
`rosterkit.excel.build_workbook`, marked for later runs (`rosterkit.batch.marks`). It never
raises for a station's trouble: bad input, a month that cannot be rostered and a bug are each an
outcome with its reasons, so that one station never stops the others.
"""

from __future__ import annotations

import io as bytes_io
import logging
import tempfile
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import rosterkit
from rosterkit.batch.folder import Part, content_hash
from rosterkit.batch.marks import INPUTS, LEDGER, SUMMARY, mark
from rosterkit.batch.outcome import (
    JobOutput,
    StationJob,
    StationOutcome,
    StationStatus,
    StationSummary,
)
from rosterkit.errors import RosterInputError

if TYPE_CHECKING:
    from rosterkit.leave import Leave
    from rosterkit.month import MonthPlan
    from rosterkit.roster import Roster
    from rosterkit.station import Station

__all__ = ["run_station", "summarise"]

log = logging.getLogger(__name__)


def run_station(job: StationJob) -> JobOutput:
    """Roster one station's month; every outcome, bad input and bugs included, is returned."""
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="rosterkit-batch-") as name:
            tmp = Path(name)
            try:
                return _run(job, tmp, started)
            except RosterInputError as error:
                message = _message(error, job, tmp)
                return _failed(job, StationStatus.bad_input, message, started)
    except Exception as error:  # a bug: the station's outcome, not the batch's end
        log.exception("station %s: internal error", job.name)
        message = (
            f"internal error ({type(error).__name__}: {error}); this is a bug in rosterkit: "
            "run 'rosterkit generate' on the station with --debug to see where, and report it"
        )
        return _failed(job, StationStatus.error, message, started, detail=traceback.format_exc())


def _failed(
    job: StationJob,
    status: StationStatus,
    message: str,
    started: float,
    *,
    detail: str | None = None,
) -> JobOutput:
    outcome = StationOutcome(
        name=job.name,
        status=status,
        reasons=(message,),
        seconds=time.perf_counter() - started,
        detail=detail,
    )
    return JobOutput(outcome=outcome)


def _message(error: RosterInputError, job: StationJob, tmp: Path) -> str:
    """The error's words with the parts the library names ('ledger', 'previous roster') named
    by the station's files, and paths in the temporary folder shown in the district's folder."""
    names = {file.part: file.name for file in job.files}
    parts = {"ledger": Part.ledger, "previous roster": Part.previous}
    files = {
        said: str(Path(job.folder) / names[part]) for said, part in parts.items() if part in names
    }
    return str(error.relabel(files)).replace(str(tmp), job.folder)


def _run(job: StationJob, tmp: Path, started: float) -> JobOutput:
    paths: dict[str, Path] = {}
    for file in job.files:
        paths[file.part] = tmp / file.name
        paths[file.part].write_bytes(file.content)
    station, requests, previous, ledger = _read(paths)
    plan = rosterkit.plan_month(
        station, job.month, requests, previous=previous, ledger=ledger, options=job.options
    )
    notes = _notes(plan, requests, job.lang)
    roster = plan.roster
    if roster is None:
        return JobOutput(
            outcome=StationOutcome(
                name=job.name,
                status=StationStatus.no_roster,
                reasons=_reasons(plan, job),
                notes=notes,
                seconds=time.perf_counter() - started,
            )
        )
    summary = summarise(station, plan, roster)
    ledger_text: str | None = None
    ledger_name: str | None = None
    if Part.ledger in paths and plan.ledger is not None:
        from rosterkit.io import ledger_text as as_text

        ledger_name = paths[Part.ledger].name
        ledger_text = as_text(plan.ledger, ledger_name)
    workbook = _workbook(station, plan, job, summary, ledger_text)
    outcome = StationOutcome(
        name=job.name,
        status=StationStatus.rostered,
        notes=notes,
        summary=summary,
        roster=roster,
        seconds=time.perf_counter() - started,
    )
    return JobOutput(
        outcome=outcome, workbook=workbook, ledger_text=ledger_text, ledger_name=ledger_name
    )


def _read(
    paths: dict[str, Path],
) -> tuple[Station, list[Leave], Roster | None, rosterkit.Ledger | None]:
    """The station (with its officer list), leave requests, last month's roster and ledger."""
    from rosterkit import excel, io, tables

    officers = paths.get(Part.officers)
    station = io.load_station(paths[Part.station], officers_elsewhere=officers is not None)
    if officers is not None:
        station = excel.station_with_officers(station, excel.read_officers(officers, station))
    requests = _leave(paths.get(Part.leave), station)
    previous: Roster | None = None
    if Part.previous in paths:
        path = paths[Part.previous]
        if path.suffix.lower() == ".xlsx":
            previous = excel.read_roster(path, station)
        else:
            previous = tables.read_roster_table(path, station)
    ledger = io.load_ledger(paths[Part.ledger]) if Part.ledger in paths else None
    return station, requests, previous, ledger


def _leave(path: Path | None, station: Station) -> list[Leave]:
    """Leave requests from a table (officers checked by the reader, with row and column) or a
    data file (each unknown officer named with the request's number)."""
    from rosterkit import excel, io

    if path is None:
        return []
    if path.suffix.lower() in (".xlsx", ".csv"):
        return excel.read_leave(path, station)
    leave = io.load_leave(path)
    known = {officer.id for officer in station.officers}
    unknown = [
        f"request {number}: unknown officer '{item.officer_id}'"
        for number, item in enumerate(leave, start=1)
        if item.officer_id not in known
    ]
    if unknown:
        raise RosterInputError(
            "leave for officers the station does not have; check each id against the "
            "station's officers: " + "; ".join(unknown),
            source=str(path),
        )
    return leave


def summarise(station: Station, plan: MonthPlan, roster: Roster) -> StationSummary:
    """A rostered station's row of the district workbook: the result's cost and bound, the
    call-ins of `rosterkit.figures`, what the rule `fairness` cost by the result's penalties,
    and the checker's verdict. Nothing is counted again here."""
    from rosterkit.figures import officer_figures
    from rosterkit.rules import fairness

    result = plan.result
    fair = [penalty for penalty in result.penalties if penalty.rule == fairness.RULE.id]
    figures = officer_figures(station, roster)
    return StationSummary(
        station_id=station.id,
        station_name=station.name,
        officers=len(station.officers),
        solve_status=result.status.value,
        objective=result.objective,
        best_bound=result.best_bound,
        call_ins=sum(item.call_ins for item in figures.values()),
        fairness_cost=sum(penalty.cost for penalty in fair),
        fairness_terms=len(fair),
        violations=len(plan.violations),
        refused_leave=len(plan.decisions.refused),
        solve_seconds=result.wall_time,
    )


def _notes(plan: MonthPlan, requests: list[Leave], lang: str) -> tuple[str, ...]:
    """What a station should hear besides its roster: the calendar's warning, leave outside
    the month, refused leave and any rule the checker found broken."""
    notes: list[str] = []
    if plan.warning:
        notes.append(plan.warning)
    for request in requests:
        if not request.days_in(plan.month):
            notes.append(
                f"leave outside {plan.month}, ignored: {request.officer_id} "
                f"{request.start}..{request.end} ({request.kind.value})"
            )
    notes += [f"leave refused: {refused.reason}" for refused in plan.decisions.refused]
    for violation in plan.violations:
        notes.append(f"the checker found a broken rule: {violation.message}")
    return tuple(notes)


def _reasons(plan: MonthPlan, job: StationJob) -> tuple[str, ...]:
    """Why the month has no roster, and the command that finds fixes checked by solving."""
    if plan.shortfalls:
        reasons = [item.text("zh" if job.lang == "zh" else "en") for item in plan.shortfalls]
    elif plan.result.status.value == "timed_out":
        reasons = [
            f"no roster found within {job.options.time_limit:g} s; give a longer --time-limit"
        ]
    else:
        reasons = list(plan.result.reasons) or [f"no roster ({plan.result.status.value})"]
    options = " ".join(
        f"--{file.part} {Path(job.folder) / file.name}"
        for file in job.files
        if file.part in (Part.station, Part.officers, Part.leave, Part.previous, Part.ledger)
    )
    lead = "经求解验证的解决办法见" if job.lang == "zh" else "for fixes checked by solving:"
    reasons.append(f"{lead} rosterkit explain --month {job.month} {options}")
    return tuple(reasons)


def _workbook(
    station: Station,
    plan: MonthPlan,
    job: StationJob,
    summary: StationSummary,
    ledger_text: str | None,
) -> bytes:
    """The month's workbook (`rosterkit.excel.build_workbook`) with the batch's marks."""
    from rosterkit.excel import build_workbook

    workbook = build_workbook(station, plan.result, plan.requests, lang=job.lang)
    mark(
        workbook,
        {
            INPUTS: job.inputs,
            LEDGER: "" if ledger_text is None else content_hash(ledger_text),
            SUMMARY: summary.to_json(),
        },
    )
    buffer = bytes_io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
