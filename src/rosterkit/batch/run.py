"""A district's month in one call: every station of a folder rostered as a job of its own.

`run_batch` scans the folder (`rosterkit.batch.folder`), decides for each station whether it
is done already (`rosterkit.batch.marks`), takes last month's workbook as the previous roster of
a station that has no ``NAME.previous`` file, hands the others to an executor
(`rosterkit.batch.executors`), largest station first, and, as each station ends, writes its
workbook, and its ledger where it keeps one, atomically and all or none. It ends with the
district workbook (`rosterkit.batch.district`). A station's trouble is that station's outcome;
only trouble of the whole batch (no folder, no station in it, an output folder that cannot be
written, a Ray cluster out of reach) raises `RosterInputError`, and that before any station is
rostered.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

from rosterkit.batch.district import district_workbook_bytes, is_district_workbook
from rosterkit.batch.executors import Executor, LocalProcesses, Serial
from rosterkit.batch.folder import Part, StationFiles, content_hash, inputs_hash, scan_folder
from rosterkit.batch.marks import read_marks
from rosterkit.batch.outcome import (
    BatchProgress,
    BatchResult,
    InputFile,
    JobOutput,
    StationJob,
    StationOutcome,
    StationStatus,
)
from rosterkit.calendar import Month, MonthError
from rosterkit.errors import RosterInputError
from rosterkit.excel.labels import Lang, check_lang
from rosterkit.inputs import StationPeek, peek_station
from rosterkit.io import all_or_none, check_writable, write_atomic, write_text_atomic
from rosterkit.options import SolveOptions

__all__ = ["district_path", "output_folder", "run_batch", "workbook_path"]

log = logging.getLogger(__name__)

BatchProgressHook = Callable[[BatchProgress], None]


def output_folder(folder: str | Path, month: Month | str) -> Path:
    """Where a batch writes by default: ``FOLDER/roster-YYYY-MM``."""
    return Path(folder) / f"roster-{Month.parse(month)}"


def workbook_path(output: Path, name: str, month: Month | str) -> Path:
    """A station's workbook: ``OUT/roster-NAME-YYYY-MM.xlsx``."""
    return output / f"roster-{name}-{Month.parse(month)}.xlsx"


def district_path(output: Path, month: Month | str) -> Path:
    """The district workbook: ``OUT/district-YYYY-MM.xlsx`` (no station's workbook is named
    so, as theirs start with ``roster-``)."""
    return output / f"district-{Month.parse(month)}.xlsx"


def _month_before(month: Month) -> Month | None:
    """The month before `month`, or None before the calendar's first."""
    day = month.first - dt.timedelta(days=1)
    try:
        return Month(day.year, day.month)
    except MonthError:
        return None


def _peek(station: StationFiles) -> StationPeek | None:
    """The station's name and size from a quick look at its files, or None when its station
    file cannot be read (the job, or the scan, says why)."""
    if station.station_file is None:
        return None
    try:
        return peek_station(station.station_file, station.files.get(Part.officers))
    except RosterInputError:
        return None
    except Exception:  # a bug in the look costs only the order and the name, never the batch
        log.warning("station %s: cannot look at its files", station.name, exc_info=True)
        return None


def _settings(options: SolveOptions, lang: Lang) -> dict[str, object]:
    """What shapes a station's roster and workbook besides its files."""
    return {**options.model_dump(mode="json", exclude={"log"}), "lang": lang}


def _prepare_output(output: Path, district: Path, month: Month, *, force: bool) -> None:
    """Create the output folder and make sure the district workbook may be written: a file of
    that name is replaced only if a batch of the same month wrote it, or with `force`."""
    if output.exists() and not output.is_dir():
        raise RosterInputError(
            "is a file, not a folder; choose an output folder", source=str(output)
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RosterInputError(
            f"cannot create the output folder ({error.strerror or error})", source=str(output)
        ) from None
    ours = district.is_file() and is_district_workbook(district, month)
    if district.exists() and not ours and not force:
        raise RosterInputError(
            f"exists and is not the district workbook of a batch of {month}; it is kept: "
            "choose another output folder (-o), or replace it with --force",
            source=str(district),
        )
    check_writable(district, overwrite=True)


class _Run:
    """One batch's bookkeeping: outcomes by station, targets, progress."""

    def __init__(
        self,
        month: Month,
        folder: Path,
        output: Path,
        options: SolveOptions,
        lang: Lang,
        force: bool,
        progress: BatchProgressHook | None,
    ) -> None:
        self.month, self.folder, self.output = month, folder, output
        self.options, self.lang, self.force = options, lang, force
        self.progress = progress
        self.outcomes: dict[str, StationOutcome] = {}
        self.names: dict[str, str] = {}
        """Each station's own name, where its station file could be read."""
        self.total = 0

    def named(self, outcome: StationOutcome) -> StationOutcome:
        """`outcome` with the station's own name, where a look at its file found one."""
        if outcome.station_name is None and outcome.name in self.names:
            return replace(outcome, station_name=self.names[outcome.name])
        return outcome

    def end(self, outcome: StationOutcome) -> None:
        outcome = self.named(outcome)
        self.outcomes[outcome.name] = outcome
        log.info("station %s: %s", outcome.name, outcome.status.value)
        if self.progress is not None:
            self.progress(BatchProgress(len(self.outcomes), self.total, outcome))

    def job_or_outcome(self, station: StationFiles) -> StationJob | StationOutcome:
        """The station's job, or its outcome when it is not to be rostered (bad files, done
        before, an output kept)."""
        name = station.name
        peek = _peek(station)
        if peek is not None:
            self.names[name] = peek.name
        if station.problems:
            return StationOutcome(name, StationStatus.bad_input, reasons=station.problems)
        sources = dict(station.files)
        notes: tuple[str, ...] = ()
        if Part.previous not in sources:
            found = self.last_months_workbook(name)
            if found is not None:
                sources[Part.previous] = found
                notes = (self.previous_note(name, found),)
        files: list[InputFile] = []
        for part, path in sorted(sources.items()):
            try:
                files.append(InputFile(part.value, path.name, path.read_bytes(), str(path)))
            except OSError as error:
                reason = f"{path}: cannot read the file ({error.strerror or error})"
                return StationOutcome(name, StationStatus.bad_input, reasons=(reason,))
        hashes = {f.part: content_hash(f.content) for f in files if f.part != Part.ledger}
        ledger = next((content_hash(f.content) for f in files if f.part == Part.ledger), "")
        inputs = inputs_hash(str(self.month), _settings(self.options, self.lang), hashes)
        target = workbook_path(self.output, name, self.month)
        if target.exists() or target.is_symlink():
            marks = read_marks(target)
            done = marks is not None and marks.inputs == inputs and marks.ledger == ledger
            if done and not self.force:
                summary = marks.summary if marks is not None else None
                return StationOutcome(name, StationStatus.skipped, summary=summary, workbook=target)
            if not self.force:
                if marks is None:
                    why = "was not written by 'rosterkit batch'"
                elif marks.inputs != inputs:
                    why = "was made from other inputs or settings"
                else:
                    why = "was made before the station's ledger changed"
                reason = (
                    f"{target}: the workbook {why}; it is kept: move it away, or replace it "
                    "with --force"
                )
                return StationOutcome(name, StationStatus.kept, reasons=(reason,), workbook=target)
        try:
            check_writable(target, overwrite=self.force)
        except RosterInputError as error:
            return StationOutcome(name, StationStatus.kept, reasons=(str(error),))
        return StationJob(
            name=name,
            month=str(self.month),
            folder=str(self.folder),
            files=tuple(files),
            options=self.options,
            lang=self.lang,
            inputs=inputs,
            notes=notes,
            officers=0 if peek is None else peek.officers,
        )

    def last_months_workbook(self, name: str) -> Path | None:
        """The workbook a batch wrote for station `name` last month, by the outputs' naming
        convention: in this run's output folder, else in the default output folder of last
        month (``FOLDER/roster-YYYY-MM``); None when neither holds one with the batch's marks."""
        before = _month_before(self.month)
        if before is None:
            return None
        places = (
            workbook_path(self.output, name, before),
            workbook_path(output_folder(self.folder, before), name, before),
        )
        for path in dict.fromkeys(places):
            if path.is_file() and read_marks(path) is not None:
                return path
        return None

    def previous_note(self, name: str, workbook: Path) -> str:
        """The note of a station whose previous roster is last month's workbook."""
        if self.lang == "zh":
            return f"上月排班取自 {workbook}（本所没有 {name}.previous 文件）"
        return (
            f"last month's roster taken from {workbook} (the station has no {name}.previous file)"
        )

    def write(self, output: JobOutput) -> None:
        """Write a rostered station's workbook and ledger, all or none, then record it."""
        outcome = output.outcome
        if output.workbook is None:
            self.end(outcome)
            return
        target = workbook_path(self.output, outcome.name, self.month)
        content = output.workbook
        ledger: Path | None = None
        try:
            with all_or_none():
                write_atomic(target, _bytes_writer(content), overwrite=self.force)
                if output.ledger_text is not None and output.ledger_name is not None:
                    # The ledger is read and written back, as 'rosterkit generate --ledger' does.
                    ledger = self.folder / output.ledger_name
                    write_text_atomic(ledger, output.ledger_text, overwrite=True)
        except RosterInputError as error:
            failed = replace(
                outcome, status=StationStatus.bad_input, reasons=(str(error),), roster=None
            )
            self.end(failed)
            return
        self.end(replace(outcome, workbook=target, ledger=ledger))


def _bytes_writer(content: bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write


def run_batch(
    folder: str | Path,
    month: Month | str,
    *,
    output: str | Path | None = None,
    executor: Executor | None = None,
    options: SolveOptions | None = None,
    lang: Lang | str = "zh",
    force: bool = False,
    progress: BatchProgressHook | None = None,
) -> BatchResult:
    """Roster `month` for every station of `folder`, each as an independent job.

    The folder's files follow the naming convention of `rosterkit.batch.folder` (``NAME.yaml``
    and, beside it, ``NAME.officers.xlsx``, ``NAME.leave.xlsx``, ``NAME.previous.xlsx``,
    ``NAME.ledger.yaml``). Each station's month is `rosterkit.plan_month` with `options`
    (default: `SolveOptions()`, one deterministic CP-SAT worker and seed 0 for every station,
    so the roster is the same whatever the executor); its workbook goes to
    ``OUTPUT/roster-NAME-YYYY-MM.xlsx`` (`output` defaults to ``FOLDER/roster-YYYY-MM``), and
    a ledger beside the station file is written back with the month added. The district
    workbook ``OUTPUT/district-YYYY-MM.xlsx`` sums them up, in name order. A station without a
    ``NAME.previous`` file takes last month's workbook of a batch as its previous roster, from
    the output folder (``roster-NAME-YYYY-MM.xlsx`` of the month before) or else from last
    month's default output folder, and says so in its notes.

    The jobs go to the executor largest station first (by officer count, from a quick look at
    the files; names break ties), so that a large station does not run alone at the end.

    A station whose workbook carries this run's inputs (and whose ledger is the one that run
    wrote) is skipped; an existing workbook of other inputs is kept, as that station's outcome,
    unless `force`. `executor` defaults to `LocalProcesses` (one process per core) when more
    than one station is to be rostered. `progress` is called once as the batch starts and once
    as each station ends.

    Raises `RosterInputError` only for trouble of the whole batch, before any station is
    rostered; every station's trouble is in its `StationOutcome`.
    """
    started = time.perf_counter()
    period = Month.parse(month)
    language = check_lang(lang)
    scan = scan_folder(folder)
    out = Path(output) if output is not None else output_folder(scan.folder, period)
    district = district_path(out, period)
    _prepare_output(out, district, period, force=force)
    run = _Run(period, scan.folder, out, options or SolveOptions(), language, force, progress)
    run.total = len(scan.stations)
    jobs: list[StationJob] = []
    ready: list[StationOutcome] = []
    for station in scan.stations:
        item = run.job_or_outcome(station)
        if isinstance(item, StationJob):
            jobs.append(item)
        else:
            ready.append(item)
    # The largest stations go first, so that none of them is left to run alone at the end while
    # the other workers idle; names break ties, so the order is the same every run.
    jobs.sort(key=lambda job: (-job.officers, job.name))
    chosen = executor or (LocalProcesses() if len(jobs) > 1 else Serial())
    # The executor is made ready first (a cluster connected), so that its own trouble is said
    # before any station is.
    with chosen.session() if jobs else nullcontext():
        if progress is not None:
            progress(BatchProgress(0, run.total, None))
        for outcome in ready:
            run.end(outcome)
        if jobs:
            log.info("rostering %d station(s) of %s with %s", len(jobs), scan.folder, chosen.name)
            chosen.run(jobs, run.write)
    lost = StationOutcome(
        "", StationStatus.error, reasons=("no outcome came back from the executor",)
    )
    outcomes = tuple(
        run.outcomes.get(station.name) or run.named(replace(lost, name=station.name))
        for station in scan.stations
    )
    content = district_workbook_bytes(outcomes, period, lang=language)
    written = write_atomic(district, _bytes_writer(content), overwrite=True)
    return BatchResult(
        month=str(period),
        folder=scan.folder,
        output=out,
        executor=chosen.name,
        outcomes=outcomes,
        district=written,
        seconds=time.perf_counter() - started,
    )
