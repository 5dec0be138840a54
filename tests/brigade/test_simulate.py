"""The simulator: a seeded month that, driven by the built-in brigade's plan, comes out within
10% of the seed's monthly figures because the data and the plan make it so."""

from __future__ import annotations

import pytest

from rosterkit.brigade.data import Brigade
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.brigade.report import month_report
from rosterkit.brigade.simulate import simulate_month

SEED_CHECKINS, SEED_KM, SEED_HOURS = 13_276, 5_500, 4_560
"""The seed article's month: 13,276 check-ins, 5,500 km, 4,560 hours."""


@pytest.mark.parametrize("seed", [0, 7])
def test_simulated_month_matches_the_seed(
    qianmen: Brigade, qianmen_november: BrigadePlan, seed: int
) -> None:
    scans = simulate_month(qianmen, qianmen_november, seed=seed)
    done = month_report(qianmen, qianmen_november, scans).total.done
    assert done.scans == pytest.approx(SEED_CHECKINS, rel=0.10)
    assert done.km == pytest.approx(SEED_KM, rel=0.10)
    assert done.hours == pytest.approx(SEED_HOURS, rel=0.10)


def test_the_plan_itself_is_near_the_seed(qianmen_november: BrigadePlan) -> None:
    sessions = qianmen_november.sessions
    assert sum(s.scans for s in sessions) == pytest.approx(SEED_CHECKINS, rel=0.10)
    assert sum(s.km for s in sessions) == pytest.approx(SEED_KM, rel=0.10)
    assert sum(s.guard_minutes for s in sessions) / 60 == pytest.approx(SEED_HOURS, rel=0.10)


def test_same_seed_same_month(qianmen: Brigade, qianmen_november: BrigadePlan) -> None:
    one = simulate_month(qianmen, qianmen_november, seed=3)
    assert one == simulate_month(qianmen, qianmen_november, seed=3)
    assert one != simulate_month(qianmen, qianmen_november, seed=4)
    assert [s.time for s in one] == sorted(s.time for s in one)


def test_simulated_month_has_what_the_report_looks_for(
    qianmen: Brigade, qianmen_november: BrigadePlan
) -> None:
    report = month_report(
        qianmen, qianmen_november, simulate_month(qianmen, qianmen_november, seed=1)
    )
    total = report.total
    assert 0 < total.missed < total.planned.sessions * 0.05
    assert total.late > 0
    assert {s.kind for s in report.suspicious} >= {"repeat", "speed"}
    assert 0 < total.closed < total.problems
