"""Where the stations' jobs run: in this process, in local worker processes, or on Ray.

Every executor runs `rosterkit.batch.job.run_station` on each job and hands each output to
`done` as it arrives, in the calling thread, so that the driver writes files and shows progress
as stations end. `run_station` returns bad input and bugs as outcomes; what is left to an
executor is a worker that dies (killed for memory, a crash in native code), which it turns into
that station's `error` outcome while the others go on.

- `Serial`: one station after another in this process. The baseline, and the one to debug
  with; a crash of native code here ends the run.
- `LocalProcesses`: a `concurrent.futures.ProcessPoolExecutor` of `workers` processes (default:
  the cores this process may use). A dead worker breaks a process pool for every job in it, so
  the jobs that were in flight are run again one by one, each in a pool of its own, which tells
  the station that crashed from those that merely shared its pool; the rest then go on.
- `RayCluster`: each job a Ray task (``num_cpus=1``) on an existing cluster (``"auto"`` or an
  address such as ``ray://head:10001``) or on a Ray instance started here (``"local"``). Ray is
  imported only here, when asked for. A Ray already initialised by the caller is used as it is
  and left running.

Each job's CP-SAT search uses the workers its `SolveOptions` say (1 by default, deterministic),
so the same inputs give the same roster whatever the executor.
"""

from __future__ import annotations

import concurrent.futures as futures
import logging
import multiprocessing
import os
import socket
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Protocol

from rosterkit.batch.job import run_station
from rosterkit.batch.outcome import JobOutput, StationJob, StationOutcome, StationStatus
from rosterkit.errors import RosterInputError

__all__ = ["Executor", "LocalProcesses", "RayCluster", "Serial", "available_cores", "crashed"]

log = logging.getLogger(__name__)

_PRELOAD = ("rosterkit.batch.job", "rosterkit.month", "rosterkit.solver", "rosterkit.excel")
"""Modules the process pool's fork server imports before it forks a worker."""

Done = Callable[[JobOutput], None]
"""Called with each job's output as it arrives."""


class Executor(Protocol):
    """Runs jobs and hands each output to `done` as it arrives, in the calling thread."""

    @property
    def name(self) -> str:
        """A few words for reports: 'serial', '2 processes', 'Ray (local)'."""
        ...

    def session(self) -> AbstractContextManager[None]:
        """What `run` needs, made ready (a cluster connected) before any job, and ended after:
        trouble of the executor itself shows before anything is rostered."""
        ...

    def run(self, jobs: Sequence[StationJob], done: Done) -> None:
        """Run every job; each output goes to `done` once."""
        ...


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def crashed(job: StationJob, what: str) -> JobOutput:
    """The outcome of a job whose worker died: the station's `error`, with what is known."""
    reason = (
        f"the worker rostering this station stopped ({what}); the other stations went on. "
        "Run 'rosterkit generate' on this station alone to see why (memory, a crash)"
    )
    return JobOutput(
        outcome=StationOutcome(name=job.name, status=StationStatus.error, reasons=(reason,))
    )


@dataclass(frozen=True)
class Serial:
    """Every job in this process, one after another."""

    @property
    def name(self) -> str:
        return "serial"

    def session(self) -> AbstractContextManager[None]:
        return nullcontext()

    def run(self, jobs: Sequence[StationJob], done: Done) -> None:
        for job in jobs:
            done(run_station(job))


@dataclass(frozen=True)
class LocalProcesses:
    """Jobs in `workers` local processes (default: `available_cores`).

    `start_method` is multiprocessing's ('fork', 'spawn', 'forkserver'); by default
    'forkserver' where there is one, since forking a process that runs threads (the command
    line's live display) can leave a child stuck on a lock it copied held.
    """

    workers: int | None = None
    start_method: str | None = None

    @property
    def size(self) -> int:
        return self.workers if self.workers is not None else available_cores()

    @property
    def name(self) -> str:
        return f"{self.size} process{'es' if self.size != 1 else ''}"

    def session(self) -> AbstractContextManager[None]:
        return nullcontext()

    def _context(self) -> Any:
        method = self.start_method
        if method is None:
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            # Workers fork from a server that has imported the library once, rather than each
            # importing OR-Tools, pandas and openpyxl again (about a second each).
            context.set_forkserver_preload(list(_PRELOAD))
        return context

    def run(self, jobs: Sequence[StationJob], done: Done) -> None:
        if self.size < 1:
            raise ValueError("a process pool needs at least 1 worker")
        context = self._context()
        waiting = deque(jobs)
        alone: deque[StationJob] = deque()
        while waiting or alone:
            if alone:
                done(self._alone(alone.popleft(), context))
                continue
            alone.extend(self._pool(waiting, done, context))

    def _pool(self, waiting: deque[StationJob], done: Done, context: Any) -> list[StationJob]:
        """Run jobs from `waiting` in one pool, never more in flight than it has workers, so
        that when a worker dies the jobs that might have been on it are known; returns them."""
        with futures.ProcessPoolExecutor(max_workers=self.size, mp_context=context) as pool:
            flying: dict[futures.Future[JobOutput], StationJob] = {}
            while waiting or flying:
                while waiting and len(flying) < self.size:
                    job = waiting.popleft()
                    flying[pool.submit(run_station, job)] = job
                ended, _ = futures.wait(flying, return_when=futures.FIRST_COMPLETED)
                broken = False
                for future in ended:
                    job = flying.pop(future)
                    try:
                        output = future.result()
                    except BrokenProcessPool:
                        flying[future] = job
                        broken = True
                        continue
                    done(output)
                if broken:
                    # A broken pool ends every job in it; those that ended well still count.
                    futures.wait(flying)
                    suspects: list[StationJob] = []
                    for future, job in flying.items():
                        if future.exception() is None:
                            done(future.result())
                        else:
                            suspects.append(job)
                    log.warning(
                        "a worker process died; running %s again one by one",
                        ", ".join(job.name for job in suspects),
                    )
                    return suspects
        return []

    def _alone(self, job: StationJob, context: Any) -> JobOutput:
        """One job in a pool of its own: a crash here is this station's."""
        with futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            try:
                return pool.submit(run_station, job).result()
            except BrokenProcessPool:
                return crashed(job, "its process ended abruptly")


@dataclass(frozen=True)
class RayCluster:
    """Each job a Ray task on a cluster.

    `address` is ``"auto"`` (the cluster this machine belongs to, started with ``ray start``),
    a cluster's address (``ray://head:10001`` through Ray Client, or ``head:6379``), or
    ``"local"`` for a Ray instance of this machine alone, started here with `cpus` CPUs
    (default: all) and stopped at the end. `retries` is how often Ray runs a task again when
    its worker or node dies (a lost node), before the station is reported as crashed.
    """

    address: str = "auto"
    cpus: int | None = None
    retries: int = 1

    @property
    def name(self) -> str:
        return f"Ray ({self.address})"

    @contextmanager
    def session(self) -> Iterator[None]:
        """Ray connected (or started, for "local"); left as it was found afterwards."""
        ray = _import_ray()
        if ray.is_initialized():
            yield
            return
        self._connect(ray)
        try:
            yield
        finally:
            ray.shutdown()

    def run(self, jobs: Sequence[StationJob], done: Done) -> None:
        with self.session():
            ray = _import_ray()
            task = ray.remote(num_cpus=1, max_retries=self.retries)(run_station)
            refs = {task.remote(job): job for job in jobs}
            while refs:
                ready, _ = ray.wait(list(refs), num_returns=1)
                for ref in ready:
                    job = refs.pop(ref)
                    try:
                        output = ray.get(ref)
                    except ray.exceptions.RayError as error:
                        output = crashed(job, f"Ray: {type(error).__name__}")
                    done(output)

    def _connect(self, ray: Any) -> None:
        quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
        if self.address not in ("auto", "local"):
            _check_reachable(self.address)
        try:
            if self.address == "local":
                ray.init(num_cpus=self.cpus, include_dashboard=False, **quiet)
            else:
                ray.init(address=self.address, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise RosterInputError(
                f"cannot reach the Ray cluster ({error}); start it with 'ray start --head', "
                "give its address (ray://HOST:10001), or use --ray local for this machine",
                source=f"--ray {self.address}",
            ) from None


CONNECT_SECONDS = 5.0
"""How long a cluster's address is tried before the batch gives up: Ray itself keeps trying an
address that does not answer for minutes."""


def _check_reachable(address: str) -> None:
    """Fail at once, in words, when nothing answers at a cluster's ``HOST:PORT`` (with or
    without ``ray://``)."""
    where = address.removeprefix("ray://")
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        raise RosterInputError(
            "is not a cluster's address; give HOST:PORT (the head's GCS port, 6379) or "
            "ray://HOST:10001, or 'auto' or 'local'",
            source=f"--ray {address}",
        )
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS):
            pass
    except OSError as error:
        raise RosterInputError(
            f"nothing answers there ({error.strerror or error}); is the cluster's head "
            "running ('ray status' on it), and is the port open to this machine?",
            source=f"--ray {address}",
        ) from None


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RosterInputError(
            f"Ray is not installed in this Python ({sys.executable}); install it with "
            "pip install 'rosterkit[ray]', or leave --ray out to use this machine's cores",
            source="--ray",
        ) from None
    return ray
