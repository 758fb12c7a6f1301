"""The `sheetgen diff` command: an offline matrix-calculus calculator (like matrixcalculus.org)."""

from __future__ import annotations

import json
import re
import sys

import click


def parse_shapes(options) -> dict:
    """--shape options as name -> dims; a name given twice is an error, not 'the last one wins'."""
    from generator.errors import SheetgenError
    from generator.matcalc.shapes import parse_shape_option
    shapes, texts = {}, {}
    for text in options:
        name, dims = parse_shape_option(text)
        if name in shapes:
            raise SheetgenError(f"--shape {name} is given twice ({texts[name].strip()} and {text.strip()}): "
                                "give each name one shape")
        shapes[name], texts[name] = dims, text
    return shapes


def as_json(result) -> str:
    payload = {"function": result.function_text, "wrt": result.wrt,
               "function_shape": list(result.function_shape), "wrt_shape": list(result.wrt_shape),
               "kind": result.kind, "differential": result.differential_text}
    latex = {"function": result.function_latex, "differential": result.differential_latex}
    if result.kind in ("gradient", "jacobian"):
        payload[result.kind] = result.result_text
        payload["shape"] = list(result.shape)
        latex[result.kind] = result.result_latex
    payload["latex"] = latex
    return json.dumps(payload, ensure_ascii=False)


def as_text(result) -> str:
    from generator.matcalc.printing import shape_text
    d = result.diff_name
    lines = [f"f = {result.function_text}    ({shape_text(result.function_shape)}; "
             f"{result.wrt}: {shape_text(result.wrt_shape)})",
             f"df = {result.differential_text}"]
    if result.kind == "gradient":
        lines.append(f"gradient ∂f/∂{result.wrt} ({shape_text(result.shape)}), df = tr(G' * {d}):")
        lines.append(f"  {result.result_text}")
    elif result.kind == "jacobian":
        lines.append(f"Jacobian ∂f/∂{result.wrt} ({shape_text(result.shape)}), df = J * {d}:")
        lines.append(f"  {result.result_text}")
    else:
        lines.append("(f is not scalar or a column of a column: only the differential is defined)")
    return "\n".join(lines)


@click.command("diff", context_settings={"ignore_unknown_options": True})
@click.argument("expr", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--wrt", required=True, help="the variable to differentiate by, e.g. X")
@click.option("--shape", "shapes", multiple=True, metavar="NAME=R,C",
              help="shape of a name: integers or dimension letters (A=p,m; c=1,1 is a scalar)")
@click.option("--json", "as_json_flag", is_flag=True, help="print one JSON object")
def diff_command(expr, wrt, shapes, as_json_flag):
    """Differential and gradient/Jacobian of EXPR with respect to VAR, verified numerically.

    \b
    Syntax: numbers (2, 0.5, 1e-3), + - * / .* ./ .^ ^ ' ( ), tr det inv sum norm2 log exp
    sqrt sigmoid tanh diag, eye(n), ones(r,c).  Names: one capital letter is an n×n matrix,
    one lowercase letter an n×1 column, lambda/alpha/beta/... scalars; --shape overrides, and
    other names need it.  Input beyond the limits (length, nesting, exponents, sizes) is an
    error that names the limit.
    \b
    Example: sheetgen diff "x'*A*x" --wrt x
    """
    from generator.errors import SheetgenError
    unknown = [word for word in expr if re.fullmatch(r"--[A-Za-z][\w-]*(=.*)?", word)]
    if unknown:  # unknown options pass through (an expression may start with -): not these
        raise click.UsageError(f"No such option: {unknown[0]} (options: --wrt, --shape, --json)")
    try:
        from generator.matcalc import differentiate
        result = differentiate(" ".join(expr), wrt, parse_shapes(shapes))
    except SheetgenError as exc:
        click.echo(f"error: {' '.join(str(exc).split())}", err=True)
        sys.exit(2)
    click.echo(as_json(result) if as_json_flag else as_text(result))


if __name__ == "__main__":
    diff_command()
