"""Independent check of B2 in plain numpy: a separate forward pass of the chain, every dL/dw_j by
central finite differences of L = 1/2 (y - yhat)^2, and every symbolic formula evaluated at the
forward values (with the activation's own derivative for f') and compared with the same numbers.

For sigmoid/tanh the numbers of the key follow the statement's rounding rule, which is replayed
here step by step: every value is rounded half away from zero to 4 places as soon as it is found
and the next one is computed from the rounded values (f'(z_j) from the rounded a_j). The replayed
numbers must equal the key's exactly; the finite-difference gradients only bound how far the
rounding may drift."""

from __future__ import annotations

import math

import numpy as np

STEP = 1e-6
PLACES = 4
CLEAN = 12  # products of shown decimals have at most 9 places: float noise sits far below 1e-12
DRIFT = 2e-3  # how far rounding to 4 places may move a gradient of this size (relative + 4 units)

ACT = {
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2),
    "tanh": (math.tanh, lambda z: 1 / math.cosh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
    "linear": (lambda z: z, lambda z: 1.0),
}
# f'(z) from the shown output a = f(z), as the statement asks for sigmoid and tanh
DF_FROM_OUTPUT = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a * a}


def round_half_away(value: float, places: int = PLACES) -> float:
    """Half away from zero on the decimals a student sees (0.12345 -> 0.1235, -0.12345 -> -0.1235)."""
    clean = float(np.round(value, CLEAN))
    scaled = abs(clean) * 10**places
    return math.copysign(math.floor(scaled + 0.5 + 1e-6) / 10**places, clean)


def _forward(f, x, w):
    zs, acts = [], [x]
    for wj in w[:-1]:
        zs.append(wj * acts[-1])
        acts.append(f(zs[-1]))
    return zs, acts, w[-1] * acts[-1]


def replay_rounded(act: str, x: float, y: float, w: list[float]) -> dict:
    """The statement's rule for sigmoid/tanh, step by step: z, a, yhat, L and dL/dw_j."""
    f = ACT[act][0]
    out, acts, zs = {}, [x], []
    for j, wj in enumerate(w[:-1], start=1):
        zs.append(round_half_away(wj * acts[-1]))
        acts.append(round_half_away(f(zs[-1])))
        out[f"z{j}"], out[f"a{j}"] = zs[-1], acts[-1]
    yhat = round_half_away(w[-1] * acts[-1])
    delta = round_half_away(yhat - y)
    out["yhat"], out["L"] = yhat, round_half_away(delta * delta / 2)
    k = len(w)
    out[f"dL_dw{k}"] = round_half_away(delta * acts[k - 1])
    upstream = delta
    for j in range(k - 1, 0, -1):
        local = round_half_away(DF_FROM_OUTPUT[act](acts[j]))
        upstream = round_half_away(upstream * w[j] * local)
        out[f"dL_dw{j}"] = round_half_away(upstream * acts[j - 1])
    return out


def verify(params, values) -> list[str]:
    act = params["activation"]
    f, df = ACT[act]
    smooth = act in DF_FROM_OUTPUT
    x, y = float(params["x"]), float(params["y"])
    w = [float(v) for v in params["w"]]
    k = len(w)
    loss = lambda ws: 0.5 * (y - _forward(f, x, ws)[2]) ** 2  # noqa: E731
    zs, acts, yhat = _forward(f, x, w)
    grads = []
    for j in range(k):
        up, down = list(w), list(w)
        up[j] += STEP
        down[j] -= STEP
        grads.append((loss(up) - loss(down)) / (2 * STEP))
    problems = []
    if smooth:
        expected = replay_rounded(act, x, y, w)
        for j in range(1, k + 1):  # the rule may drift a little from the exact gradient, no more
            if abs(expected[f"dL_dw{j}"] - grads[j - 1]) > DRIFT * (1 + abs(grads[j - 1])):
                problems.append(f"dL_dw{j}: the rounded chain gives {expected[f'dL_dw{j}']}, "
                                f"finite differences {grads[j - 1]:.6f} (check.py itself is wrong)")
        tol = 1e-9
    else:
        expected = {"yhat": yhat, "L": loss(w)}
        for j in range(1, k):
            expected[f"z{j}"] = zs[j - 1]
            expected[f"a{j}"] = acts[j]
        for j in range(1, k + 1):
            expected[f"dL_dw{j}"] = grads[j - 1]
        tol = 1e-6
    for name, want in expected.items():
        got = values.get(name)
        if not isinstance(got, (int, float)) or not abs(float(got) - want) <= tol:
            problems.append(f"{name}: key {got} but independent {want:.6f}")
    # the formulas: plain products of symbols, evaluated with Python arithmetic at exact values
    names = {"yhat": yhat, "y": y, "x": x, "fprime": df}
    names.update({f"w{j}": w[j - 1] for j in range(1, k + 1)})
    names.update({f"z{j}": zs[j - 1] for j in range(1, k)})
    names.update({f"a{j}": acts[j] for j in range(1, k)})
    for j in range(1, k + 1):
        text = str(values[f"formula_w{j}"])
        try:
            got = eval(text, {"__builtins__": {}}, dict(names))  # noqa: S307 -- our own key
        except Exception as exc:  # noqa: BLE001
            problems.append(f"formula_w{j}: cannot evaluate {text!r}: {exc}")
            continue
        if not math.isclose(got, grads[j - 1], rel_tol=1e-6, abs_tol=1e-6):
            problems.append(f"formula_w{j}: {text} gives {got:.6f}, finite differences {grads[j - 1]:.6f}")
    return problems
