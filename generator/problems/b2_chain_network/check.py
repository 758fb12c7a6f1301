"""Independent check of B2 in plain numpy: a separate forward pass of the chain, every dL/dw_j by
central finite differences of L = 1/2 (y - yhat)^2, and every symbolic formula evaluated at the
forward values (with the activation's own derivative for f') and compared with the same numbers."""

from __future__ import annotations

import math

STEP = 1e-6

ACT = {
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2),
    "tanh": (math.tanh, lambda z: 1 / math.cosh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
    "linear": (lambda z: z, lambda z: 1.0),
}


def _forward(f, x, w):
    zs, acts = [], [x]
    for wj in w[:-1]:
        zs.append(wj * acts[-1])
        acts.append(f(zs[-1]))
    return zs, acts, w[-1] * acts[-1]


def verify(params, values) -> list[str]:
    f, df = ACT[params["activation"]]
    smooth = params["activation"] in ("sigmoid", "tanh")
    tol = 0.6e-4 if smooth else 1e-6
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
    expected = {"yhat": yhat, "L": loss(w)}
    for j in range(1, k):
        expected[f"z{j}"] = zs[j - 1]
        expected[f"a{j}"] = acts[j]
    for j in range(1, k + 1):
        expected[f"dL_dw{j}"] = grads[j - 1]
    problems = []
    for name, want in expected.items():
        got = float(values[name])
        if not abs(got - want) <= tol:
            problems.append(f"{name}: key {got} but independent {want:.6f}")
    # the formulas: plain products of symbols, evaluated with Python arithmetic
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
