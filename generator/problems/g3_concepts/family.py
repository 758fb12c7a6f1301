"""G3: short conceptual questions about gradient descent (SGD and local minima, multistart,
constant step, convexity, momentum): a random selection in random order, each with a yes/no core
and a model answer in the solution. The key holds yes/no; check.py holds its own table of facts.
"""

from __future__ import annotations

from generator.problems.base import Answer, Family, Option

from .check import verify

YES, NO = r"\checkmark", r"\times"

# question id -> the true answer to its yes/no core (the texts live in the templates)
FACTS = {
    "sgd_escape": True,        # SGD noise can kick the iterate out of a shallow local minimum
    "convex_local": False,     # convex loss: every local minimum is global, GD cannot get stuck
    "multistart_guarantee": False,  # multistart raises the chance, guarantees nothing
    "multistart_linreg": False,     # MSE of linear regression is convex: one start is enough
    "const_step_sgd": False,   # SGD with a constant step keeps wandering around the minimum
    "const_step_gd": True,     # full GD with a small constant step converges on a parabola
    "big_step": True,          # a too large constant step diverges even on a parabola
    "logreg_local": False,     # logloss is convex in w
    "nn_local": True,          # a network's loss is non-convex: many local minima
    "sgd_step_cheaper": True,  # one SGD step costs O(1) samples instead of O(n)
    "momentum_overshoot": True,  # inertia can carry past the minimum
    "zero_grad_min": False,    # zero gradient: minimum, maximum or saddle point
}
TOPICS = tuple(FACTS)


def sample(rng, options) -> dict:
    count = options["count"]
    picked = rng.choice(len(TOPICS), size=count, replace=False)
    return {"questions": [TOPICS[int(i)] for i in picked]}


def solve(params) -> dict:
    return {"truth": [FACTS[q] for q in params["questions"]]}


def accept(params, solution) -> bool:
    truth = solution["truth"]
    return any(truth) and not all(truth)  # never all "yes" or all "no"


def answers(params, solution) -> list[Answer]:
    """Yes (a check mark) or no (a cross) per question, under the question's letter."""
    return [
        Answer(f"q{i}", "choice", YES if truth else NO, {"ru": "", "en": ""}, item=i)
        for i, truth in enumerate(solution["truth"], start=1)
    ]


FAMILY = Family(
    id="G3",
    title={"ru": "Вопросы на понимание", "en": "Conceptual questions"},
    summary="short yes/no questions on SGD, local minima, multistart, constant step, with reasons",
    sample=sample,
    solve=solve,
    accept=accept,
    answers=answers,
    verify=verify,
    options={"count": Option(default=4, choices=(3, 4, 5), help="questions per variant")},
)
