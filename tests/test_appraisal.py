"""The appraisal: each officer's two appraisers (long line and short line) and their shares."""

from __future__ import annotations

import pytest

from rosterkit.appraisal import appraisers
from rosterkit.station import AppraisalWeights, Role


def test_appraisal_every_officer_has_two_appraisers(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    lines = appraisers(qianmen_station, qianmen_december.roster.groups)
    leadership = {o.id for o in qianmen_station.officers if o.team == "leadership"}
    for line in lines:
        if line.officer_id in leadership:
            assert line.long_line is None and line.short_line is None
        else:
            assert line.long_line and line.short_line
            assert (line.long_line_weight, line.short_line_weight) == (50, 50)
    flagged = {line.officer_id for line in lines if line.same_person}
    groups = qianmen_december.roster.groups
    deputy_directors = [o for o in qianmen_station.officers if Role.deputy_director in o.roles]
    # A deputy director's squad-mates in his own team, and the deputy directors themselves
    # (the director appraises them on both sides).
    expected = {dd.id for dd in deputy_directors} | {
        o.id
        for dd in deputy_directors
        for o in qianmen_station.officers
        if o.team == dd.team and groups[o.id] == groups[dd.id]
    }
    assert flagged == expected and len(flagged) == 12


def test_appraisal_commander_groups_hold_every_team(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    groups = qianmen_december.roster.groups
    for k in (1, 2, 3):
        teams = {qianmen_station.officer(oid).team for oid, g in groups.items() if g == k}
        assert teams == {t.id for t in qianmen_station.teams if t.id != "leadership"}


def test_appraisal_weights_must_sum_to_100() -> None:
    with pytest.raises(ValueError, match="sum to 100"):
        AppraisalWeights(long_line=60, short_line=50)
