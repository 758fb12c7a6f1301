"""Stable seeds: each (sheet seed, variant, slot id) pair gets its own, independent of other slots.

The hash is SHA-256 over a fixed text form, so seeds never depend on Python's hash randomisation,
on the order of slots in a sheet, or on which other slots exist.
"""

from __future__ import annotations

import hashlib


def slot_seed(sheet_seed: int, variant: int, slot_id: str, attempt: int = 0) -> int:
    """A 63-bit seed for one slot of one variant; `attempt` > 0 redraws a duplicate variant."""
    text = f"sheetgen/v1/{sheet_seed}/{variant}/{slot_id}"
    if attempt:
        text += f"/retry{attempt}"
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1
