"""The engine's printed answers do not depend on what was differentiated before (no stale caches):
the same expressions in forward and in reverse order, each in a fresh process, print the same."""

import json
import subprocess
import sys

from tests.matcalc.test_identities import IDENTITIES

EXPRESSIONS = [(e, w, s) for e, w, s, _ in IDENTITIES]

SCRIPT = """
import json, sys
from generator.matcalc import differentiate
pairs = json.loads(sys.argv[1])
out = {}
for e, w, s in pairs:
    r = differentiate(e, wrt=w, shapes=s and {k: tuple(v) for k, v in s.items()})
    out[e + " / " + w] = [r.differential_text, r.result_text, r.result_latex]
print(json.dumps(out, sort_keys=True))
"""


def _run(pairs):
    out = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(pairs)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def test_answers_do_not_depend_on_evaluation_order():
    assert _run(EXPRESSIONS) == _run(EXPRESSIONS[::-1])
