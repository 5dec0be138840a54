"""The carry-over ledger: what each officer has done so far this year, kept by the station.

Fairness holds over the year, not just within a month: each month's fairness rule compares
ledger + month, and the ledger is updated with the month once it is rostered.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from rosterkit.calendar import Month, MonthError
from rosterkit.errors import RosterInputError
from rosterkit.station import MAX_OFFICERS, Code, OfficerReference, Station

CARRIED_FIGURES = ("car_duties", "call_ins", "shift_days", "weekend_duties", "holiday_duties")
"""Fairness figures (rule `fairness`) that the ledger carries from earlier months of the year."""

MAX_COUNT = 10_000
"""Largest figure of an officer in the ledger. A year has 366 days, so a real ledger stays far
below it; the bound keeps the solver's fairness terms small (see `rosterkit.station.MAX_WEIGHT`).
"""

SHOWN_UNKNOWN = 10
"""Unknown officers named in a message before the rest are counted."""

_COUNT = "0 to 10,000."


class OfficerLedger(BaseModel):
    """Cumulative figures of one officer since the start of the ledger's year."""

    model_config = ConfigDict(extra="forbid")

    car_duties: int = Field(default=0, ge=0, le=MAX_COUNT, description=_COUNT)
    call_ins: int = Field(default=0, ge=0, le=MAX_COUNT, description=_COUNT)
    shift_days: int = Field(
        default=0,
        ge=0,
        le=MAX_COUNT,
        description="Own shifts held outside the rotation (street patrol); " + _COUNT,
    )
    weekend_duties: int = Field(default=0, ge=0, le=MAX_COUNT, description=_COUNT)
    holiday_duties: int = Field(default=0, ge=0, le=MAX_COUNT, description=_COUNT)
    compensatory_rest_earned: int = Field(default=0, ge=0, le=MAX_COUNT, description=_COUNT)
    compensatory_rest_taken: int = Field(default=0, ge=0, le=MAX_COUNT, description=_COUNT)
    annual_leave_used: int = Field(default=0, ge=0, le=MAX_COUNT, description=_COUNT)

    @property
    def compensatory_rest_balance(self) -> int:
        return self.compensatory_rest_earned - self.compensatory_rest_taken


class Ledger(BaseModel):
    """Per-officer figures of `year` through month `through` (``YYYY-MM``, empty if none yet)."""

    model_config = ConfigDict(extra="forbid")

    station_id: Code
    year: int = Field(ge=1900, le=2200)
    through: str = Field(
        default="", max_length=32, description="The last month counted, YYYY-MM, or empty."
    )
    officers: dict[OfficerReference, OfficerLedger] = Field(
        default={}, max_length=MAX_OFFICERS, description="By officer id; at most 10,000."
    )

    @field_validator("through")
    @classmethod
    def _through_is_a_month_of_the_year(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return value
        try:
            month = Month.parse(value)
        except MonthError:
            raise ValueError(
                f"{value!r} is not a month; write YYYY-MM (e.g. 2026-11), or leave it empty"
            ) from None
        year = info.data.get("year")
        if year is not None and month.year != year:
            raise ValueError(
                f"{value} is not a month of the ledger's year {year}; a ledger holds one year"
            )
        return value

    def of(self, officer_id: str) -> OfficerLedger:
        return self.officers.get(officer_id, OfficerLedger())

    def new_year(self, year: int) -> Ledger:
        """The ledger that opens `year`: each officer's compensatory rest balance (earned less
        taken) carries over, as earned (or, if more was taken than earned, as taken); duty
        counts and annual leave used start again at 0, and nothing of `year` is counted yet.

        Only officers with a balance are kept. `year` must come after the ledger's year.
        """
        if year <= self.year:
            raise ValueError(f"a new year after {self.year} is wanted, not {year}")
        officers = {
            officer_id: OfficerLedger(
                compensatory_rest_earned=max(entry.compensatory_rest_balance, 0),
                compensatory_rest_taken=max(-entry.compensatory_rest_balance, 0),
            )
            for officer_id, entry in self.officers.items()
            if entry.compensatory_rest_balance
        }
        return Ledger(station_id=self.station_id, year=year, officers=officers)

    def check_officers(self, station: Station, *, source: str = "ledger") -> None:
        """Refuse a ledger kept for another station, or one holding officers `station` lacks.

        Raises `RosterInputError` naming `source`, the unknown officers (the first
        `SHOWN_UNKNOWN`, then how many more) and the fix. Figures of an unknown officer would
        otherwise be carried on from month to month unseen.
        """
        if self.station_id != station.id:
            raise RosterInputError(
                f"the ledger is for station '{self.station_id}', not '{station.id}'; "
                "pass the ledger of this station, or start a new one",
                source=source,
            )
        known = {officer.id for officer in station.officers}
        unknown = [officer_id for officer_id in self.officers if officer_id not in known]
        if not unknown:
            return
        shown = ", ".join(f"'{officer_id}'" for officer_id in unknown[:SHOWN_UNKNOWN])
        more = len(unknown) - SHOWN_UNKNOWN
        if more > 0:
            shown += f" and {more} more"
        raise RosterInputError(
            f"the ledger holds {len(unknown)} officer(s) the station does not have: {shown}; "
            "remove their entries from the ledger (officers who left), or add them to the "
            "station's officers",
            source=source,
        )
