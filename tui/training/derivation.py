"""Backpropagation by hand, in float64: the first optimizer steps of a run as the lecture derives them.

The run is set up exactly as the Trainer sets it up (same data, initial weights and batch order); then
each step's forward pass, loss, error terms and gradients are computed with the chain rule written out
(not autograd: the tests hold these numbers to autograd's), and the update is the run's own optimizer
applied to float64 copies of the weights. The numbers go out as tui.core.derivation records.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import torch

from tui.core.config import RunConfig
from tui.core.derivation import (
    MAX_EXPLAINED_PARAMETERS,
    ExampleDerivation,
    Explanation,
    Layer,
    LayerValues,
    StepDerivation,
    Update,
)
from tui.core.errors import ConfigError
from tui.core.i18n import N_
from tui.core.schedule_config import CONSTANT
from tui.training.objective import Objective
from tui.training.optim import build_optimizer

Tensor = torch.Tensor
LEAKY_SLOPE = 0.01  # torch's default negative slope, as nn.LeakyReLU() in the model


def _gelu_slope(z: Tensor) -> Tensor:
    # d/dz z·Φ(z) = Φ(z) + z·φ(z)
    cdf = 0.5 * (1 + torch.erf(z / math.sqrt(2)))
    pdf = torch.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return cdf + z * pdf


# activation name → (f(z), f'(z)), both elementwise; f' at a kink is the value torch's autograd uses.
ACTIVATIONS: dict[str, tuple[Callable[[Tensor], Tensor], Callable[[Tensor], Tensor]]] = {
    "identity": (lambda z: z, torch.ones_like),
    "relu": (lambda z: z.clamp(min=0), lambda z: (z > 0).to(z.dtype)),
    "leaky_relu": (
        lambda z: torch.where(z > 0, z, LEAKY_SLOPE * z),
        lambda z: torch.where(z > 0, torch.ones_like(z), torch.full_like(z, LEAKY_SLOPE)),
    ),
    "sigmoid": (torch.sigmoid, lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z))),
    "tanh": (torch.tanh, lambda z: 1 - torch.tanh(z) ** 2),
    "gelu": (lambda z: z * 0.5 * (1 + torch.erf(z / math.sqrt(2))), _gelu_slope),
}


def loss_and_delta(loss_name: str, out: Tensor, target: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """Per example: the loss, dE/d(output) and the probabilities the loss uses (empty columns if none).

    out is (examples, outputs); the batch's loss is the mean of these losses, as every nn-tui loss is.
    """
    empty = out[:, :0]
    if loss_name in ("mse", "mae", "half_sse", "huber"):
        diff = out[:, 0] - target
        if loss_name == "mse":
            loss, d = diff**2, 2 * diff
        elif loss_name == "half_sse":
            loss, d = 0.5 * diff**2, diff
        elif loss_name == "mae":
            loss, d = diff.abs(), torch.sign(diff)
        else:  # huber, delta 1
            small = diff.abs() < 1
            loss = torch.where(small, 0.5 * diff**2, diff.abs() - 0.5)
            d = torch.where(small, diff, torch.sign(diff))
        return loss, d[:, None], empty
    if loss_name == "bce":
        p = torch.sigmoid(out[:, 0])
        # −[y·log p + (1 − y)·log(1 − p)], written with log-sigmoid so it stays finite
        loss = -(target * torch.nn.functional.logsigmoid(out[:, 0]) + (1 - target) * torch.nn.functional.logsigmoid(-out[:, 0]))
        return loss, (p - target)[:, None], p[:, None]
    if loss_name == "hinge":
        margin = 1 - target * out[:, 0]
        loss = margin.clamp(min=0)
        return loss, torch.where(margin >= 0, -target, torch.zeros_like(target))[:, None], empty
    # cross-entropy over softmax
    p = torch.softmax(out, dim=1)
    rows = torch.arange(len(out))
    loss = -torch.log_softmax(out, dim=1)[rows, target.long()]
    onehot = torch.zeros_like(out)
    onehot[rows, target.long()] = 1.0
    return loss, p - onehot, p


def derive_step(
    layers: list[Layer], activation: str, loss_name: str, x: Tensor, target: Tensor
) -> tuple[list[ExampleDerivation], list[Tensor], list[Tensor]]:
    """Forward and backward for each example of the batch; returns them and each layer's mean gradients."""
    act, slope_of = ACTIVATIONS[activation]
    weights = [torch.tensor(layer.weight, dtype=torch.float64) for layer in layers]
    biases = [torch.tensor(layer.bias, dtype=torch.float64) for layer in layers]
    last = len(layers) - 1
    inputs, zs, acts, slopes = [], [], [], []
    a = x
    for i, (w, b) in enumerate(zip(weights, biases)):
        inputs.append(a)
        z = a @ w + b
        a, slope = (z, torch.ones_like(z)) if i == last else (act(z), slope_of(z))
        zs.append(z)
        acts.append(a)
        slopes.append(slope)
    loss, delta, probabilities = loss_and_delta(loss_name, zs[-1], target)
    deltas: list[Tensor] = [delta]
    for i in range(last, 0, -1):  # the chain rule, one layer back: δ_i = (δ_{i+1} · W_{i+1}ᵀ) ⊙ f'(z_i)
        deltas.insert(0, (deltas[0] @ weights[i].T) * slopes[i - 1])
    grad_w = [inp[:, :, None] * d[:, None, :] for inp, d in zip(inputs, deltas)]  # per example: input i × δ j
    examples = [
        ExampleDerivation(
            x=x[k].tolist(),
            target=float(target[k]),
            layers=[
                LayerValues(
                    inputs=inputs[i][k].tolist(),
                    z=zs[i][k].tolist(),
                    a=acts[i][k].tolist(),
                    slope=slopes[i][k].tolist(),
                    delta=deltas[i][k].tolist(),
                    grad_weight=grad_w[i][k].tolist(),
                    grad_bias=deltas[i][k].tolist(),
                )
                for i in range(len(layers))
            ],
            loss=float(loss[k]),
            probabilities=probabilities[k].tolist(),
        )
        for k in range(len(x))
    ]
    return examples, [g.mean(dim=0) for g in grad_w], [d.mean(dim=0) for d in deltas]


def refuse_what_is_not_derived(config: RunConfig) -> None:
    """The hand derivation is plain forward, backward, optimizer step: knobs that change those steps are refused by name.

    Weight decay needs no refusal: the optimizer applies it, and the derivation shows the optimizer's own update.
    """
    if config.model.dropout > 0:
        raise ConfigError.about("model.dropout", N_("explain derives the network without dropout's random masks; set model.dropout = 0"))
    if config.training.grad_clip > 0:
        raise ConfigError.about("training.grad_clip", N_("explain derives unclipped gradients; set training.grad_clip = 0"))
    if config.training.schedule.kind != CONSTANT:
        raise ConfigError.about("training.schedule", N_('explain derives steps at one learning rate; set kind = "constant"'))


class Explainer:
    """Set up like the Trainer, then derive one optimizer step after another."""

    def __init__(self, config: RunConfig) -> None:
        from tui.training.trainer import Trainer  # the same set-up as a run: data, seed, initial weights

        refuse_what_is_not_derived(config)
        self.config = config
        trainer = Trainer(config.model_copy(update={"training": config.training.model_copy(update={"device": "cpu", "trace": False})}))
        trainer.setup()
        if trainer.parameters > MAX_EXPLAINED_PARAMETERS:
            raise ConfigError(
                N_(
                    "model.hidden: the network has {parameters} parameters; explain derives networks of at most {most} "
                    "(use fewer or smaller hidden layers)"
                ).format(parameters=trainer.parameters, most=MAX_EXPLAINED_PARAMETERS)
            )
        assert trainer.model is not None
        self.trainer = trainer
        self.objective: Objective = trainer.objective
        self.x = torch.as_tensor(trainer.x_train, dtype=torch.float64)
        t = trainer.t_train
        self.t = t.double() if t.is_floating_point() else t
        self.plan = trainer.plan
        # Explicit initial weights are used as written (0.11, not float32's 0.10999999940395355).
        init = config.model.init
        self.params: list[torch.nn.Parameter] = []
        linear = [m for m in trainer.model.children() if isinstance(m, torch.nn.Linear)]
        for i, module in enumerate(linear):
            if init is not None:
                w = torch.tensor(init[i].weight, dtype=torch.float64).T
                b = torch.tensor(init[i].bias, dtype=torch.float64)
            else:
                w, b = module.weight.detach().double(), module.bias.detach().double()
            # contiguous: the fused optimizers read a tensor's memory as laid out, not through its strides
            self.params += [torch.nn.Parameter(w.contiguous().clone()), torch.nn.Parameter(b.clone())]
        self.optimizer = build_optimizer(config.training, self.params, torch.device("cpu"))
        self.names = [name for name, m in trainer.model.named_children() if isinstance(m, torch.nn.Linear)]

    def layers(self) -> list[Layer]:
        return [
            Layer(i + 1, name, self.params[2 * i].detach().T.tolist(), self.params[2 * i + 1].detach().tolist())
            for i, name in enumerate(self.names)
        ]

    def explain(self, steps: int, first: int = 1) -> Explanation:
        """Steps `first` to `first + steps − 1`. From a later first step, the weights are model.init's (a paused
        run's, say): the steps before it only draw their batches, so the batch order is the run's."""
        total = self.plan.total_steps
        if first > total:
            too_late = N_("--first-step: the run has {total} optimizer steps in all; start at most at step {total}")
            raise ConfigError(too_late.format(total=total))
        if first + steps - 1 > total:
            left = total - first + 1
            too_many = N_("--steps: the run has {total} optimizer steps in all; ask for at most {left}")
            raise ConfigError(too_many.format(total=total, left=left))
        return Explanation(
            name=self.config.name,
            parameters=self.trainer.parameters,
            train_size=self.plan.train_size,
            batch_size=self.plan.batch_size,
            standardized=self.config.data.standardize,
            steps=list(self._steps(steps, first)),
        )

    def _steps(self, steps: int, first: int) -> Iterator[StepDerivation]:
        n, batch, per_epoch = self.plan.train_size, self.plan.batch_size, self.plan.steps_per_epoch
        generator = self.trainer.generator  # seeded as the run's: the same batch order
        step = 0
        for epoch in range(1, self.plan.epochs + 1):
            order = torch.arange(n) if batch >= n else torch.randperm(n, generator=generator)
            for b in range(per_epoch):
                if step == first - 1 + steps:
                    return
                step += 1
                if step < first:
                    continue
                rows = order[b * batch : (b + 1) * batch]
                yield self.step(step, epoch, b + 1, self.x[rows], self.t[rows])

    def step(self, step: int, epoch: int, batch: int, x: Tensor, t: Tensor) -> StepDerivation:
        cfg = self.config.training
        layers = self.layers()
        examples, mean_w, mean_b = derive_step(layers, self.config.model.activation, cfg.loss, x, t)
        for i in range(len(layers)):
            self.params[2 * i].grad = mean_w[i].T.contiguous()
            self.params[2 * i + 1].grad = mean_b[i].clone()
        self.optimizer.step()
        after = self.layers()
        updates = []
        for before, new, gw, gb in zip(layers, after, mean_w, mean_b):
            for r, row in enumerate(before.weight):
                updates += [Update(before.index, r, c, old, float(gw[r, c]), new.weight[r][c]) for c, old in enumerate(row)]
            updates += [Update(before.index, None, c, old, float(gb[c]), new.bias[c]) for c, old in enumerate(before.bias)]
        return StepDerivation(
            step=step,
            epoch=epoch,
            batch=batch,
            batches=self.plan.steps_per_epoch,
            activation=self.config.model.activation,
            loss_name=cfg.loss,
            optimizer=cfg.optimizer,
            lr=cfg.lr,
            plain_sgd=cfg.optimizer == "sgd" and cfg.momentum == 0 and cfg.weight_decay == 0,
            layers=layers,
            examples=examples,
            batch_loss=sum(e.loss for e in examples) / len(examples),
            mean_grad_weight=[g.tolist() for g in mean_w],
            mean_grad_bias=[g.tolist() for g in mean_b],
            updates=updates,
        )

