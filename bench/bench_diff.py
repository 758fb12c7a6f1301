"""Median time of the matrix-calculus engine and of one `sheetgen diff` call per course expression."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXPRESSIONS = [
    ("x'*x", "x", {}), ("a'*x", "x", {}), ("x'*A*x", "x", {}), ("log(x'*A*x)", "x", {}),
    ("a'*X*A*X*a", "X", {}), ("x*x'*x", "x", {}), ("inv(X)", "X", {}), ("det(X)", "X", {}),
    ("tr(X)", "X", {}), ("log(det(X))", "X", {}), ("(y - X*w)'*(y - X*w)", "w", {}),
    ("tr(A*X*B)", "X", {"A": "p,m", "X": "m,n", "B": "n,p"}), ("tr(A*X'*X)", "X", {}),
    ("tr(A*X'*X*B*inv(X)')", "X", {}), ("det(X'*A*X)", "X", {}), ("x'*A*b", "A", {}),
    ("(y - X*w)'*(y - X*w) + lambda*w'*w", "w", {}),
    ("sum(log(1 + exp(-y .* (X*w)))) + lambda*w'*w", "w", {}), ("norm2(X - A)^2", "X", {}),
]
ENGINE_REPEATS = 7
CLI_REPEATS = 3


def cli_module() -> tuple[str, str]:
    try:
        from generator.cli import main
        if "diff" in getattr(main, "commands", {}):
            return "generator.cli", "diff"
    except Exception:  # noqa: BLE001 - cli not there yet
        pass
    return "generator.matcalc.command", ""


def engine_time(expr, wrt, shapes) -> float:
    from generator.matcalc import differentiate
    shapes = {k: tuple(v.split(",")) for k, v in shapes.items()}
    times = []
    for _ in range(ENGINE_REPEATS):
        start = time.perf_counter()
        differentiate(expr, wrt, shapes)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_time(module, sub, expr, wrt, shapes) -> float:
    args = [sys.executable, "-m", module] + ([sub] if sub else []) + [expr, "--wrt", wrt]
    for name, dims in shapes.items():
        args += ["--shape", f"{name}={dims}"]
    times = []
    for _ in range(CLI_REPEATS):
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    module, sub = cli_module()
    print(f"CLI timed as: python3 -m {module} {sub}".rstrip()
          + ("" if sub else "   (generator.cli does not register `diff` yet)"))
    print(f"{'expression':48} {'wrt':>4} {'engine ms':>10} {'CLI ms':>8}")
    engine_all, cli_all = [], []
    for expr, wrt, shapes in EXPRESSIONS:
        e, c = engine_time(expr, wrt, shapes), cli_time(module, sub, expr, wrt, shapes)
        engine_all.append(e)
        cli_all.append(c)
        print(f"{expr:48} {wrt:>4} {e * 1000:10.1f} {c * 1000:8.0f}")
    print(f"{'median':48} {'':>4} {statistics.median(engine_all) * 1000:10.1f} "
          f"{statistics.median(cli_all) * 1000:8.0f}")
    print(f"{'max':48} {'':>4} {max(engine_all) * 1000:10.1f} {max(cli_all) * 1000:8.0f}")
    print("targets: engine < 200 ms per expression, CLI < 1500 ms including start-up")


if __name__ == "__main__":
    main()
