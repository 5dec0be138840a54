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
        notes=job.notes,
        seconds=time.perf_counter() - started,
        detail=detail,
    )
    return JobOutput(outcome=outcome)


def _message(error: RosterInputError, job: StationJob, tmp: Path) -> str:
    """The error's words with the parts the library names ('ledger', 'previous roster') named
    by the station's files, and paths in the temporary folder shown where the files came from."""
    origins = {file.part: file.origin for file in job.files}
    parts = {"ledger": Part.ledger, "previous roster": Part.previous}
    files = {said: origins[part] for said, part in parts.items() if part in origins}
    text = str(error.relabel(files))
    for file in job.files:
        text = text.replace(str(tmp / file.name), file.origin)
    return text.replace(str(tmp), job.folder)


def _run(job: StationJob, tmp: Path, started: float) -> JobOutput:
    paths: dict[str, Path] = {}
    for file in job.files:
        paths[file.part] = tmp / file.name
        paths[file.part].write_bytes(file.content)
    station, requests, previous, ledger = _read(paths)
    plan = rosterkit.plan_month(
        station, job.month, requests, previous=previous, ledger=ledger, options=job.options
    )
    notes = job.notes + _notes(plan, requests, job.lang)
    roster = plan.roster
    if roster is None:
        return JobOutput(
            outcome=StationOutcome(
                name=job.name,
                status=StationStatus.no_roster,
                reasons=_reasons(plan, job),
                notes=notes,
                seconds=time.perf_counter() - started,
                station_name=station.name,
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
        station_name=station.name,
    )
    return JobOutput(
        outcome=outcome, workbook=workbook, ledger_text=ledger_text, ledger_name=ledger_name
    )


def _read(
    paths: dict[str, Path],
) -> tuple[Station, list[Leave], Roster | None, rosterkit.Ledger | None]:
    """The station (with its officer list), leave requests, last month's roster and ledger, read
    as ``rosterkit generate`` reads them (`rosterkit.inputs`)."""
    from rosterkit import inputs, io

    station = inputs.load_station(paths[Part.station], paths.get(Part.officers))
    requests = inputs.load_leave(paths.get(Part.leave), station)
    previous = inputs.load_roster(paths[Part.previous], station) if Part.previous in paths else None
    ledger = io.load_ledger(paths[Part.ledger]) if Part.ledger in paths else None
    return station, requests, previous, ledger


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
        f"--{file.part} {file.origin}"
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
