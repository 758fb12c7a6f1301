"""Independent check of G3: its own table of facts (written apart from family.py), keyed by the
question id, compared with the yes/no in the key."""

from __future__ import annotations

YES, NO = r"\checkmark", r"\times"

# The true answer to each question, with the one-line reason a grader would accept.
TRUE_STATEMENTS = {
    "sgd_escape": (YES, "noisy stochastic gradients can push the iterate out of a shallow basin"),
    "convex_local": (NO, "for a convex function any local minimum is a global one"),
    "multistart_guarantee": (NO, "more starts only raise the probability of a good basin"),
    "multistart_linreg": (NO, "MSE of linear regression is convex: all starts end in one minimum"),
    "const_step_sgd": (NO, "the gradient noise times a constant step never vanishes"),
    "const_step_gd": (YES, "with eta < 2/f'' each step contracts the distance to the minimum"),
    "big_step": (YES, "with eta > 2/f'' each step multiplies the distance by |1 - eta f''| > 1"),
    "logreg_local": (NO, "logloss is convex in w (its second derivative p(1-p)x^2 >= 0)"),
    "nn_local": (YES, "permuting hidden units alone gives many distinct minima; non-convex"),
    "sgd_step_cheaper": (YES, "one sample per step instead of the whole dataset of n"),
    "momentum_overshoot": (YES, "the accumulated velocity keeps moving past the minimum"),
    "zero_grad_min": (NO, "a zero gradient also happens at maxima and saddle points"),
}


def verify(params, values) -> list[str]:
    problems = []
    questions = params["questions"]
    if len(set(questions)) != len(questions):
        problems.append("questions: a question is repeated")
    for i, qid in enumerate(questions, start=1):
        if qid not in TRUE_STATEMENTS:
            problems.append(f"q{i}: unknown question {qid!r}")
            continue
        want, reason = TRUE_STATEMENTS[qid]
        if values.get(f"q{i}") != want:
            problems.append(f"q{i}: key {values.get(f'q{i}')!r} but {want!r} ({reason})")
    extra = set(values) - {f"q{i}" for i in range(1, len(questions) + 1)}
    problems.extend(f"{name}: unexpected answer in the key" for name in sorted(extra))
    return problems
