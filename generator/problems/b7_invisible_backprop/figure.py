"""The forward/backward chain of B7 as a figure: a thin adapter over generator.diagrams.

X -> H = X W_1 -> O = max(0, H) -> yhat = O W_2 -> L along the top, dashed backward arrows under
it and downward arrows to the weight gradients dL/dW_1 (from H) and dL/dW_2 (from yhat).
`tikz("statement")` draws the bare chain (operations on the forward arrows, the gradient boxes
named but not expressed); `tikz("key")` adds the local derivatives on the backward arrows
(dL/dyhat for the loss convention of the variant, dL/dO = dL/dyhat W_2^T, dL/dH = dL/dO * [H > 0])
and writes the gradients out (dL/dW_2 = O^T dL/dyhat, dL/dW_1 = X^T dL/dH).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagrams import Chain, Param, Stage, chain_layout, tikz_chain

TEXT_WIDTH_CM = 17.0  # a4 with 2 cm margins

D = r"\frac{\partial L}{\partial %s}"


def width_cm(lay) -> float:
    boxes = lay.boxes
    return max(b.right for b in boxes) - min(b.left for b in boxes)


@dataclass(frozen=True)
class BackpropChainFigure:
    convention: str  # "mean" (L = 1/n sum) or "half_sum" (L = 1/2 sum)

    def chain(self, mode: str = "statement") -> Chain:
        key = mode == "key"
        mean = self.convention == "mean"
        loss = (r"\tfrac{1}{n}" if mean else r"\tfrac{1}{2}") + r"\sum_i (\hat y_i - y_i)^2"
        dyhat = r"\tfrac{2}{n}(\hat y - y)" if mean else r"\hat y - y"
        d_yhat, d_o, d_h = D % r"\hat y", D % "O", D % "H"
        back = {
            "L": rf"{d_yhat} = {dyhat}",
            "yhat": rf"{d_o} = {d_yhat}\, W_2^T",
            "O": rf"{d_h} = {d_o} \odot [H > 0]",
        } if key else {}
        stages = [
            Stage("X"),
            Stage("H", r"\cdot W_1"),
            Stage("O", r"\max(0, \cdot)", back.get("O", "")),
            Stage(r"\hat y", r"\cdot W_2", back.get("yhat", "")),
            Stage("L", loss, back.get("L", "")),
        ]
        grad_w1 = D % "W_1" + (f" = X^T {d_h}" if key else "")
        grad_w2 = D % "W_2" + (f" = O^T {d_yhat}" if key else "")
        return Chain(stages, (Param("H", grad_w1), Param(r"\hat y", grad_w2)))

    def layout(self, mode: str = "statement"):
        mode = "key" if mode == "key" else "statement"
        return chain_layout(self.chain(mode), mode)

    def width(self, mode: str = "statement") -> float:
        return width_cm(self.layout(mode))

    def tikz(self, mode: str = "statement", lang: str = "ru", places=None) -> str:
        mode = "key" if mode == "key" else "statement"
        chain = self.chain(mode)
        lay = chain_layout(chain, mode)
        text = tikz_chain(chain, mode, lang, positions=lay)
        if width_cm(lay) > TEXT_WIDTH_CM:
            return r"\resizebox{\linewidth}{!}{%" + "\n" + text + "}"
        return text
