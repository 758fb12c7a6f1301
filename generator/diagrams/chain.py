"""Forward/backward chains: X -> H1 -> O1 -> ... -> ŷ -> L with the backward pass drawn under it.

The forward row holds the stages (boxes) joined by solid arrows, optionally labelled above with
the operation (`\\cdot W_1`, `\\max(0,\\cdot)`). Under each forward arrow runs a dashed backward
arrow (right to left) labelled below with the local derivative the caller supplies. From every
stage whose step multiplies by a weight a downward arrow leads to a box with the weight's
gradient. All texts are LaTeX math strings supplied by the caller; layout is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.diagrams.geometry import Box, Point, r2, text_size

ARROW_DY = 0.12  # forward arrow above, backward arrow below the row's centre line
MIN_GAP = 1.2


@dataclass(frozen=True)
class Stage:
    """One stage: `name` (TeX, e.g. "H_1"); `forward` labels the arrow into it; `backward`
    labels the dashed arrow from it back to the previous stage (a local derivative)."""

    name: str
    forward: str = ""
    backward: str = ""


@dataclass(frozen=True)
class Param:
    """A weight used by the step into stage `stage` (index or name): a downward arrow from that
    stage to a box holding `grad` (e.g. \\frac{\\partial L}{\\partial W_1}); `label` (optional)
    is written beside the downward arrow."""

    stage: int | str
    grad: str
    label: str = ""


@dataclass(frozen=True)
class Chain:
    stages: tuple[Stage, ...]
    params: tuple[Param, ...] = ()

    def __post_init__(self):
        stages = tuple(s if isinstance(s, Stage) else Stage(str(s)) for s in self.stages)
        if len(stages) < 2:
            raise ValueError("a chain needs two stages or more")
        object.__setattr__(self, "stages", stages)
        params = tuple(p if isinstance(p, Param) else Param(*p) for p in self.params)
        names = [s.name for s in stages]
        fixed = []
        for p in params:
            idx = names.index(p.stage) if isinstance(p.stage, str) else int(p.stage)
            if not 0 <= idx < len(stages):
                raise ValueError(f"parameter stage {p.stage!r} is not in the chain")
            fixed.append(Param(idx, p.grad, p.label))
        object.__setattr__(self, "params", tuple(fixed))


@dataclass
class ChainLayout:
    stage_boxes: list[Box] = field(default_factory=list)
    forward: list[tuple[Point, Point]] = field(default_factory=list)
    backward: list[tuple[Point, Point]] = field(default_factory=list)
    forward_labels: dict[int, Box] = field(default_factory=dict)  # key: index of target stage
    backward_labels: dict[int, Box] = field(default_factory=dict)
    down: dict[int, tuple[Point, Point]] = field(default_factory=dict)  # key: param index
    grad_boxes: dict[int, Box] = field(default_factory=dict)
    down_labels: dict[int, Box] = field(default_factory=dict)

    @property
    def boxes(self) -> list[Box]:
        return (self.stage_boxes + list(self.forward_labels.values())
                + list(self.backward_labels.values()) + list(self.grad_boxes.values())
                + list(self.down_labels.values()))


def _even(v: float) -> float:
    import math
    return r2(math.ceil(v / 0.02 - 1e-9) * 0.02)


def _lsize(tex: str) -> tuple[float, float]:
    w, h = text_size(tex, "footnote")
    return _even(w + 0.08), _even(h + 0.08)


def chain_layout(chain: Chain, mode: str = "statement") -> ChainLayout:
    """Deterministic geometry; statement mode leaves the backward and downward labels out."""
    if mode not in ("statement", "key"):
        raise ValueError(f"mode must be 'statement' or 'key', not {mode!r}")
    key = mode == "key"
    n = len(chain.stages)
    sizes = []
    for s in chain.stages:
        w, h = text_size(s.name, "normal")
        sizes.append((_even(max(0.8, w + 0.3)), _even(max(0.65, h + 0.22))))
    row_h = max(h for _, h in sizes)
    f_lab = {i: _lsize(chain.stages[i].forward) for i in range(1, n) if chain.stages[i].forward}
    b_lab = {i: _lsize(chain.stages[i].backward) for i in range(1, n)
             if key and chain.stages[i].backward}
    grads = {k: _lsize(p.grad) for k, p in enumerate(chain.params)}
    grads = {k: (_even(w + 0.25), _even(h + 0.15)) for k, (w, h) in grads.items()}
    d_lab = {k: _lsize(p.label) for k, p in enumerate(chain.params) if key and p.label}
    # horizontal: gaps wide enough for the labels of the arrows in them
    gaps = []
    for i in range(1, n):
        need = max(f_lab.get(i, (0, 0))[0], b_lab.get(i, (0, 0))[0]) + 0.5
        gaps.append(max(MIN_GAP, need))
    xs = [0.0]
    for i in range(1, n):
        xs.append(r2(xs[-1] + sizes[i - 1][0] / 2 + gaps[i - 1] + sizes[i][0] / 2))
    # gradient boxes under their stages must not touch each other: push stages apart if needed
    by_stage: dict[int, list[int]] = {}
    for k, p in enumerate(chain.params):
        by_stage.setdefault(p.stage, []).append(k)
    for _ in range(n):
        moved = False
        placed = sorted(by_stage)
        for a, b in zip(placed, placed[1:]):
            wa = _group_width(by_stage[a], grads, d_lab)
            wb = _group_width(by_stage[b], grads, d_lab)
            need = wa / 2 + wb / 2 + 0.4
            if xs[b] - xs[a] < need:
                shift = r2(need - (xs[b] - xs[a]))
                for i in range(b, n):
                    xs[i] = r2(xs[i] + shift)
                moved = True
        if not moved:
            break
    lay = ChainLayout()
    for i, (w, h) in enumerate(sizes):
        lay.stage_boxes.append(Box(xs[i], 0.0, w, h, f"stage:{i}"))
    for i in range(1, n):
        a, b = lay.stage_boxes[i - 1], lay.stage_boxes[i]
        lay.forward.append(((a.right, ARROW_DY), (b.left, ARROW_DY)))
        lay.backward.append(((b.left, -ARROW_DY), (a.right, -ARROW_DY)))
        mid = r2((a.right + b.left) / 2)
        if i in f_lab:
            w, h = f_lab[i]
            lay.forward_labels[i] = Box(mid, r2(ARROW_DY + 0.04 + h / 2), w, h, f"fwd:{i}")
        if i in b_lab:
            w, h = b_lab[i]
            lay.backward_labels[i] = Box(mid, r2(-ARROW_DY - 0.04 - h / 2), w, h, f"back:{i}")
    below = min([-row_h / 2] + [b.bottom for b in lay.backward_labels.values()])
    tallest_dlab = max([h for _, h in d_lab.values()] + [0.0])
    grad_top = r2(min(-row_h / 2 - 0.9, below - 0.35 - tallest_dlab))
    grad_h = max([h for _, h in grads.values()] + [0.0])
    for stage, ks in by_stage.items():
        total = _group_width(ks, grads, d_lab)
        x = xs[stage] - total / 2
        for k in ks:
            w, h = grads[k]
            cx = r2(x + w / 2)
            box = Box(cx, r2(grad_top - grad_h / 2), w, grad_h, f"grad:{k}")
            lay.grad_boxes[k] = box
            start = (cx, r2(-sizes[stage][1] / 2)) if len(ks) == 1 else (xs[stage], r2(-sizes[stage][1] / 2))
            lay.down[k] = (start, (cx, box.top))
            if k in d_lab:
                lw, lh = d_lab[k]
                my = r2((start[1] + box.top) / 2)
                lay.down_labels[k] = Box(r2(cx + 0.08 + lw / 2), my, lw, lh, f"down:{k}")
            x += max(w, 2 * (0.08 + d_lab.get(k, (0, 0))[0])) + 0.3
    return lay


def _group_width(ks: Sequence[int], grads, d_lab) -> float:
    return sum(max(grads[k][0], 2 * (0.08 + d_lab.get(k, (0, 0))[0])) for k in ks) \
        + 0.3 * (len(ks) - 1)
