"""One optimizer step derived by hand, as plain numbers: what `nn-tui explain` prints.

The records hold float64 values only (no torch): tui/training/derivation.py computes them,
tui/text/derivation_text.py writes them in the lecture's notation. Matrices are written as the
lecture writes them, x · W + b: a row per input, a column per neuron; a batch is a row per example.
"""

from __future__ import annotations

from dataclasses import dataclass

Vector = list[float]
Matrix = list[list[float]]

MAX_EXPLAINED_PARAMETERS = 100  # beyond this the derivation is too long to read


@dataclass(frozen=True)
class Layer:
    """One linear layer's parameters, lecture layout."""

    index: int  # 1-based, as in W1, b1
    name: str  # the model's name: hidden1, ..., output
    weight: Matrix  # [input][neuron]
    bias: Vector


@dataclass(frozen=True)
class LayerValues:
    """One layer's forward and backward values for one example."""

    inputs: Vector  # what enters the layer: x, or the previous layer's activations
    z: Vector  # inputs · W + b, per neuron
    a: Vector  # activation(z); z itself for the output layer
    slope: Vector  # activation'(z); 1 for the output layer
    delta: Vector  # dE/dz, the layer's error term
    grad_weight: Matrix  # dE/dW[i][j] = delta[j] × inputs[i]
    grad_bias: Vector  # dE/db[j] = delta[j]


@dataclass(frozen=True)
class ExampleDerivation:
    x: Vector
    target: float  # the loss's target: a value, a class index, or ±1 for hinge
    layers: list[LayerValues]  # first layer first
    loss: float
    probabilities: Vector  # σ(z) for bce, softmax(z) for cross-entropy; empty otherwise


@dataclass(frozen=True)
class Update:
    """One parameter's step. `plain` when it is exactly old − lr × grad (SGD without momentum or decay)."""

    layer: int
    row: int | None  # None for a bias
    column: int
    old: float
    grad: float
    new: float


@dataclass(frozen=True)
class StepDerivation:
    step: int  # 1-based optimizer step of the run
    epoch: int
    batch: int  # 1-based batch of the epoch
    batches: int  # batches per epoch
    activation: str
    loss_name: str
    optimizer: str
    lr: float
    plain_sgd: bool  # the update is w − lr × g
    layers: list[Layer]  # the parameters before the step
    examples: list[ExampleDerivation]
    batch_loss: float  # the mean of the examples' losses
    mean_grad_weight: list[Matrix]  # per layer: the mean of the examples' gradients
    mean_grad_bias: list[Vector]
    updates: list[Update]


@dataclass(frozen=True)
class Explanation:
    name: str
    parameters: int
    train_size: int
    batch_size: int
    standardized: bool  # x (and a regression's y) are shown standardized, as training sees them
    steps: list[StepDerivation]
