"""Numeric self-check: the claimed differential, gradient or Jacobian (as printed text, parsed
back) must agree with central finite differences of f at random points of concrete sizes."""

from __future__ import annotations

from generator.errors import SheetgenError
from generator.matcalc.evaluate import CanonicalEvaluator, NumpyBackend, RawEvaluator
from generator.matcalc.parser import MAX_NESTING, parse
from generator.matcalc.shapes import infer_shapes

SIZE_POOLS = ((4, 3, 2, 5, 6, 7, 8, 9), (2, 3, 4, 5, 6, 7, 8, 9), (3, 4, 5, 2, 6, 7, 8, 9))
STEPS = (1e-4, 2e-5)
RTOL = 1e-6
POINTS_NEEDED = 2
MAX_TRIES = 12
# Printed answers are longer than the input and up to ~3 times as deeply nested (chain rule factors).
ANSWER_NESTING = 4 * MAX_NESTING


class BadPoint(Exception):
    """f is undefined or ill-conditioned here; try another point."""


def letters_of(shapes) -> list:
    out = []
    for rows, cols in shapes:
        for d in (rows, cols):
            if isinstance(d, str) and d not in out:
                out.append(d)
    return out


def assign_sizes(letters, pool) -> dict:
    return {letter: pool[i % len(pool)] for i, letter in enumerate(letters)}


class Sampler:
    """Random values: well-conditioned non-symmetric square matrices (det > 0, positive definite
    symmetric part), generic vectors; a 'positive' mode for logs and square roots of entries."""

    def __init__(self, rng, positive: bool):
        self.rng = rng
        self.positive = positive

    def value(self, shape):
        rng = self.rng
        r, c = shape
        if (r, c) == (1, 1):
            return rng.uniform(0.5, 1.5, (1, 1))
        if self.positive:
            base = rng.uniform(0.2, 1.2, (r, c))
            return base + (r * 1.2) * _eye(r) if r == c else base
        if r == c:
            return 2.0 * _eye(r) + 0.4 * rng.standard_normal((r, c)) / r ** 0.5
        return rng.standard_normal((r, c))


def _eye(n):
    import numpy as np
    return np.eye(n)


class SelfCheck:
    def __init__(self, tree, node_shapes, names, wrt, diff_name, f_canonical, df_canonical,
                 texts: dict, kind: str):
        self.tree, self.node_shapes, self.names = tree, node_shapes, names
        self.wrt, self.diff_name = wrt, diff_name
        self.f, self.df = f_canonical, df_canonical
        self.texts, self.kind = texts, kind
        self.reparsed = {key: self.reparse(text, key) for key, text in texts.items() if text is not None}

    def reparse(self, text, key):
        shapes = dict(self.names)
        shapes[self.diff_name] = self.names[self.wrt]
        try:
            tree = parse(text, max_tokens=None, max_nesting=ANSWER_NESTING)
        except SheetgenError as exc:
            raise SheetgenError(f"self-check failed: cannot read back the printed {key}: {exc}") from None
        node_shapes, _ = infer_shapes(text, tree, shapes)
        return tree, node_shapes

    def run(self):
        import numpy as np
        letters = letters_of(list(self.names.values()))
        good, last_problem = 0, "no valid point"
        for attempt in range(MAX_TRIES):
            pool = SIZE_POOLS[attempt % len(SIZE_POOLS)]
            sizes = assign_sizes(letters, pool)
            rng = np.random.default_rng(1234 + attempt)
            positive = attempt % 2 == 1
            try:
                self.check_point(sizes, Sampler(rng, positive))
            except BadPoint as problem:
                last_problem = str(problem)
                continue
            good += 1
            if good >= POINTS_NEEDED:
                return
        if good == 0:
            raise SheetgenError(f"self-check could not find a point where f is defined ({last_problem})")

    def concrete(self, shape, sizes):
        return tuple(d if isinstance(d, int) else sizes[d] for d in shape)

    def check_point(self, sizes, sampler):
        import numpy as np
        values = {name: sampler.value(self.concrete(shape, sizes)) for name, shape in self.names.items()}
        wrt_shape = self.concrete(self.names[self.wrt], sizes)
        direction = sampler.rng.standard_normal(wrt_shape)
        with np.errstate(all="ignore"):
            try:
                f0 = self.raw_f(values, sizes)
                estimates = [self.central(values, sizes, direction, h) for h in STEPS]
            except (np.linalg.LinAlgError, ZeroDivisionError, FloatingPointError) as exc:
                raise BadPoint(str(exc)) from exc
            if not all(np.all(np.isfinite(v)) for v in [f0, *estimates]):
                raise BadPoint("f is not finite at the sampled point")
            if np.max(np.abs(f0)) > 1e8:
                raise BadPoint("f is too large at the sampled point")
            fd_scale = max(1.0, float(np.max(np.abs(estimates[1]))))
            if np.max(np.abs(estimates[0] - estimates[1])) > 1e-5 * fd_scale:
                raise BadPoint("finite differences are unstable at the sampled point")
            self.compare(values, sizes, direction, f0, estimates[1], fd_scale)

    def raw(self, key, values, sizes):
        tree, node_shapes = self.reparsed[key]
        return RawEvaluator(node_shapes, values, sizes).eval(tree)

    def raw_f(self, values, sizes):
        return RawEvaluator(self.node_shapes, values, sizes).eval(self.tree)

    def central(self, values, sizes, direction, h):
        plus = dict(values, **{self.wrt: values[self.wrt] + h * direction})
        minus = dict(values, **{self.wrt: values[self.wrt] - h * direction})
        return (self.raw_f(plus, sizes) - self.raw_f(minus, sizes)) / (2 * h)

    def compare(self, values, sizes, direction, f0, fd, scale):
        import numpy as np
        canonical = CanonicalEvaluator(NumpyBackend(), values, sizes)
        self.expect_close("the simplified function", canonical.sum(self.f), f0,
                          max(1.0, float(np.max(np.abs(f0)))))
        self.expect_close("the function text", self.raw("function", values, sizes), f0,
                          max(1.0, float(np.max(np.abs(f0)))))
        with_d = dict(values, **{self.diff_name: direction})
        dvalues = CanonicalEvaluator(NumpyBackend(), with_d, sizes)
        self.expect_close("the differential", dvalues.sum(self.df), fd, scale)
        self.expect_close("the differential text", self.raw("differential", with_d, sizes), fd, scale)
        if self.kind == "gradient":
            grad = self.raw("result", values, sizes)
            grad = np.broadcast_to(grad, direction.shape)
            self.expect_close("the gradient", np.array([[np.sum(grad * direction)]]), fd, scale)
        elif self.kind == "jacobian":
            jac = self.raw("result", values, sizes)
            if jac.shape == (1, 1) and fd.shape != (1, 1):
                jac = np.broadcast_to(jac, (fd.shape[0], direction.shape[0]))
            self.expect_close("the Jacobian", jac @ direction, fd, scale)

    def expect_close(self, what, claimed, expected, scale):
        import numpy as np
        claimed = np.asarray(claimed, dtype=float)
        if claimed.shape != expected.shape:
            try:
                claimed = np.broadcast_to(claimed, expected.shape)
            except ValueError:
                raise SheetgenError(f"self-check failed: {what} has shape {claimed.shape}, "
                                    f"expected {expected.shape}") from None
        error = float(np.max(np.abs(claimed - expected))) if claimed.size else 0.0
        if not np.isfinite(error) or error > RTOL * 10 * scale:
            raise SheetgenError(f"self-check failed: {what} disagrees with finite differences "
                                f"(error {error:.2e}); refusing to print a guess")
