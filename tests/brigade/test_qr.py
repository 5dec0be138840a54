"""QR payloads round-trip through the encoder and decoder; sheets are written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rosterkit.brigade.data import Brigade
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.brigade.qr import (
    Payload,
    PayloadKind,
    decode_payload,
    encode_payload,
    write_qr_sheets,
)
from rosterkit.errors import RosterInputError

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", fullmatch=True)


@given(kind=st.sampled_from(list(PayloadKind)), brigade=ids, item=ids)
def test_payload_round_trip(kind: PayloadKind, brigade: str, item: str) -> None:
    payload = Payload(kind, brigade, item)
    assert decode_payload(encode_payload(payload)) == payload


def test_a_damaged_payload_is_refused() -> None:
    text = encode_payload(Payload(PayloadKind.checkpoint, "qianmen_brigade", "C07"))
    with pytest.raises(RosterInputError, match="damaged"):
        decode_payload(text.replace("C07", "C08"))
    with pytest.raises(RosterInputError, match="not a brigade code"):
        decode_payload("https://example.com")


def test_sheets_for_every_squad_and_checkpoint(
    tmp_path: Path, qianmen: Brigade, qianmen_november: BrigadePlan
) -> None:
    written = write_qr_sheets(tmp_path, qianmen, qianmen_november)
    assert len(written) == 2 * (len(qianmen.squads) + len(qianmen.checkpoints))
    assert (tmp_path / "squad-S01.png").read_bytes().startswith(b"\x89PNG")
    sheet = (tmp_path / "squad-S01.svg").read_text(encoding="utf-8")
    route = next(a for a in qianmen_november.assignments if a.squad == "S01").area
    assert qianmen.routes_of_area(route)[0].id in sheet
    assert encode_payload(Payload(PayloadKind.squad, qianmen.id, "S01")) in sheet
