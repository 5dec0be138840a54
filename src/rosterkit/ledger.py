"""The carry-over ledger: what each officer has done so far this year, kept by the station.

Fairness holds over the year, not just within a month: each month's fairness rule compares
ledger + month, and the ledger is updated with the month once it is rostered.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

CARRIED_FIGURES = ("car_duties", "call_ins", "weekend_duties", "holiday_duties")
"""Fairness figures (rule 11) that the ledger carries from earlier months of the year."""


class OfficerLedger(BaseModel):
    """Cumulative figures of one officer since the start of the ledger's year."""

    model_config = ConfigDict(extra="forbid")

    car_duties: int = Field(default=0, ge=0)
    call_ins: int = Field(default=0, ge=0)
    weekend_duties: int = Field(default=0, ge=0)
    holiday_duties: int = Field(default=0, ge=0)
    compensatory_rest_earned: int = Field(default=0, ge=0)
    compensatory_rest_taken: int = Field(default=0, ge=0)
    annual_leave_used: int = Field(default=0, ge=0)

    @property
    def compensatory_rest_balance(self) -> int:
        return self.compensatory_rest_earned - self.compensatory_rest_taken


class Ledger(BaseModel):
    """Per-officer figures of `year` through month `through` (``YYYY-MM``, empty if none yet)."""

    model_config = ConfigDict(extra="forbid")

    station_id: str
    year: int
    through: str = ""
    officers: dict[str, OfficerLedger] = {}

    def of(self, officer_id: str) -> OfficerLedger:
        return self.officers.get(officer_id, OfficerLedger())
