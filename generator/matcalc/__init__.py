"""Matrix calculus through differentials: parse an expression, take d f, read off the gradient
(df = tr(G' dX)) or the Jacobian (df = J dx), print text and LaTeX, and verify numerically.

Use `differentiate(expr, wrt, shapes=None)`; see `generator.matcalc.engine.Result`.
"""

from generator.matcalc.engine import Result, differentiate

__all__ = ["Result", "differentiate"]
