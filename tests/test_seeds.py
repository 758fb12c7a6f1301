"""Per-slot seeds are stable across processes and independent of other slots."""

import subprocess
import sys

from generator.seeds import slot_seed


def test_seed_depends_on_every_part_of_the_key():
    base = slot_seed(1, 1, "a")
    assert len({base, slot_seed(2, 1, "a"), slot_seed(1, 2, "a"), slot_seed(1, 1, "b"),
                slot_seed(1, 1, "a", attempt=1)}) == 5
    assert 0 <= base < 2**63


def test_seed_is_the_same_in_another_process():
    code = "from generator.seeds import slot_seed; print(slot_seed(3001, 7, 'linear-regression'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123"})
    assert int(other.stdout) == slot_seed(3001, 7, "linear-regression")
