"""`nn-tui export --format script`: a run's recipe as a stand-alone plain-PyTorch training script.

The bridge from the form to code a student can read: the lecture's style (an nn.Module like its
MyFirstPytorchModel, the epoch log with "Validation loss decreased (...). Saving model ..." and "Trigger
times"), the same data preparation as nn-tui's (the stratified split by the run's seed, one-hot text columns,
the training split's standardization), loss, optimizer, learning rate, batch size, epochs and early stopping.
It imports torch, numpy and (for a built-in data set) scikit-learn, never nn-tui. Torch-free to write.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.atomic import atomic_write_text
from tui.core.config import RunConfig, load_config
from tui.core.errors import UserError
from tui.core.i18n import N_
from tui.core.vocabulary import CLASSIFICATION
from tui.data.preprocessing import ONE_HOT
from tui.runs.model_file import ModelFile, read_model_file

BUILT_IN = {"iris": "load_iris", "wine": "load_wine", "breast_cancer": "load_breast_cancer", "digits": "load_digits",
            "diabetes": "load_diabetes"}
ACTIVATIONS = {"relu": "F.relu", "tanh": "torch.tanh", "sigmoid": "torch.sigmoid", "leaky_relu": "F.leaky_relu", "gelu": "F.gelu",
               "identity": ""}
LOSSES = {
    "cross_entropy": "nn.CrossEntropyLoss()  # Función de loss para problemas multiclase",  # not translated: script code
    "bce": "nn.BCEWithLogitsLoss()  # binary cross-entropy on one output (the sigmoid is inside the loss)",  # not translated: script code
    "hinge": "lambda out, y: torch.clamp(1 - y * out, min=0).mean()  # hinge: targets are -1 and +1",  # not translated: script code
    "mse": "nn.MSELoss()",
    "mae": "nn.L1Loss()",
    "huber": "nn.HuberLoss()",
    "half_sse": "lambda out, y: 0.5 * (out - y).pow(2).mean()  # ½(prediction − target)², averaged",  # not translated: script code
}
OPTIMIZERS = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop", "adagrad": "Adagrad"}
MAXIMISED = ("val_accuracy", "val_f1")


def write_training_script(run_dir: Path, path: Path) -> None:
    script = training_script(load_config(run_dir / "config.toml"), read_model_file(run_dir))
    try:
        atomic_write_text(path, script)
    except OSError as error:
        raise UserError(N_("{path}: cannot write ({why})").format(path=path, why=error.strerror or error)) from None


def training_script(config: RunConfig, model: ModelFile) -> str:
    data = config.data
    if data.dataset != "csv" and data.dataset not in BUILT_IN:
        raise UserError(
            N_("export --format script: the {dataset} data set is generated inside nn-tui; a script can be written for a CSV "
               "or a built-in set ({sets})").format(dataset=repr(data.dataset), sets=", ".join(BUILT_IN))
        )
    classification = model.task == CLASSIFICATION
    training = config.training
    stopping = config.early_stopping
    return "\n".join(
        [
            f'"""{config.name}: the network nn-tui trained, as plain PyTorch '
            "(written by `nn-tui export --format script`).",  # not translated: script code
            "",
            "Run it with python; it needs torch, numpy"  # not translated: script code
            + (" and scikit-learn" if data.dataset != "csv" else "") + '."""',  # not translated: script code
            "",
            "import csv",  # not translated: script code
            "",
            "import numpy as np",  # not translated: script code
            "import torch",  # not translated: script code
            "import torch.nn.functional as F",  # not translated: script code
            "from torch import nn",  # not translated: script code
            "",
            f"seed = {config.seed}",
            f"val_split = {data.val_split!r}  # fraction of the examples held out for validation",  # not translated: script code
            f"standardize = {data.standardize!r}  # scale inputs with the training split's mean and std",  # not translated: script code
            f"CLASSIFICATION = {classification!r}",
            *_data_section(config, model),
            "",
            SPLIT_AND_SCALE,
            *_model_section(config, model),
            "",
            "# Para hacer que el entrenamiento sea reproducible",  # not translated: script code
            "torch.manual_seed(seed)",
            "",
            "model = MyPytorchModel()  # Instanciamos la clase",  # not translated: script code
            f"criterion = {LOSSES[training.loss]}",
            f"optimizer = torch.optim.{OPTIMIZERS[training.optimizer]}(model.parameters(), lr={training.lr!r}"  # not translated: code
            + _optimizer_options(config)
            + ")  # Definimos el optimizador",  # not translated: script code
            "print(model)",
            "",
            f"epochs = {training.epochs}",
            f"batch_size = {_batch_size(config)}",
            f"patience = {stopping.patience}  # early stopping: "
            "epochs without improvement before stopping (0 = never)",  # not translated: script code
            f"monitor = {_monitor(config)!r}",
            f"min_delta = {stopping.min_delta!r}",
            f"maximise = {_monitor(config) in MAXIMISED!r}",
            f"LOSS = {training.loss!r}",
            "",
            LOOP,
        ]
    )


def _data_section(config: RunConfig, model: ModelFile) -> list[str]:
    data = config.data
    if data.dataset != "csv":
        loader = BUILT_IN[data.dataset]
        lines = [
            "",
            f"from sklearn.datasets import {loader}",  # not translated: script code
            "",
            f"bunch = {loader}()",
            "X_all = np.asarray(bunch.data, dtype=np.float64)",  # not translated: script code
            "y_all = np.asarray(bunch.target)",
            "FEATURES = [str(name) for name in bunch.feature_names]",  # not translated: script code
            "TEXT_COLUMNS = []",
            "columns = {}",
        ]
        return lines
    text = [c.name for c in model.features.columns if c.encoding == ONE_HOT]
    return [
        "",
        f"path = {str(data.path)!r}",
        f"target = {model.target!r}",
        f"FEATURES = {model.features.input_columns!r}  # the columns the network reads, in order",  # not translated: script code
        f"TEXT_COLUMNS = {text!r}  # one-hot encoded: one 0/1 input per category seen in training",  # not translated: script code
        f"CLASS_NAMES = {model.class_names!r}  # class index i is CLASS_NAMES[i]"  # not translated: script code
        if model.class_names else "CLASS_NAMES = None",
        f"drop_missing = {data.drop_missing!r}",
        "MISSING = {'', 'nan', 'na', 'n/a', 'null', '?'}",
        "",
        "with open(path, encoding='utf-8-sig', newline='') as handle:",  # not translated: script code
        "    first = handle.readline()",
        "    delimiter = ',' if ',' in first else (';' if ';' in first else ('\\t' if '\\t' in first else ','))",  # not translated: code
        "    handle.seek(0)",
        "    rows = [row for row in csv.DictReader(handle, delimiter=delimiter) "
        "if any((v or '').strip() for v in row.values())]",  # not translated: script code
        "rows = [{k.strip(): (v or '').strip() for k, v in row.items() if k is not None} for row in rows]",  # not translated: script code
        "if drop_missing:  # rows with a blank or NaN cell in a used column are left out",  # not translated: script code
        "    rows = [row for row in rows if all(row[c].lower() not in MISSING for c in FEATURES + [target])]",  # not translated: code
        "columns = {c: np.array([row[c] for row in rows], dtype=object) for c in FEATURES}",
        "X_all = np.column_stack([columns[c].astype(np.float64) for c in FEATURES if c not in TEXT_COLUMNS] "
        "or [np.zeros((len(rows), 0))])",  # not translated: script code
        "if CLASSIFICATION:",  # not translated: script code
        "    def class_index(label):",  # not translated: script code
        "        for i, name in enumerate(CLASS_NAMES):",  # not translated: script code
        "            if label == name or (_number(label) is not None and _number(label) == _number(name)):",  # not translated: script code
        "                return i",
        "        raise ValueError(f'unknown class {label!r}')",  # not translated: script code
        "",
        "    def _number(text):",
        "        try:",
        "            return float(text)",  # not translated: script code
        "        except ValueError:",  # not translated: script code
        "            return None",  # not translated: script code
        "",
        "    y_all = np.array([class_index(row[target]) for row in rows], dtype=np.int64)",  # not translated: script code
        "else:",
        "    y_all = np.array([float(row[target]) for row in rows])",  # not translated: script code
    ]


SPLIT_AND_SCALE = '''# The split nn-tui makes: shuffled by the seed, per class for classification (each class keeps its share).
def validation_size(n, fraction):
    return 0 if fraction == 0 or n < 2 else min(max(1, round(n * fraction)), n - 1)


def split_indices(y):
    rng = np.random.default_rng(seed)
    if val_split == 0 or len(y) < 2:
        return rng.permutation(len(y)), np.array([], dtype=np.int64)
    if not CLASSIFICATION:
        order = rng.permutation(len(y))
        n_val = validation_size(len(y), val_split)
        return np.sort(order[n_val:]), np.sort(order[:n_val])
    train, val = [], []
    for cls in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == cls))
        n_val = validation_size(len(members), val_split)
        val.append(members[:n_val])
        train.append(members[n_val:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(val))


train_idx, val_idx = split_indices(y_all)

# Text columns: one 0/1 input per category of the training rows, in the order the columns come.
parts, numeric = [], iter(range(X_all.shape[1]))
for name in FEATURES:
    if name in TEXT_COLUMNS:
        categories = sorted(set(columns[name][train_idx]))
        parts.append(np.stack([(columns[name] == c).astype(np.float64) for c in categories], axis=1))
    else:
        parts.append(X_all[:, [next(numeric)]])
X_all = np.hstack(parts)

X_train, X_val = X_all[train_idx], X_all[val_idx]
if standardize:  # the training split's statistics only: validation is scaled the same way
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0
    X_train, X_val = (X_train - mean) / std, (X_val - mean) / std
y_train, y_val = y_all[train_idx], y_all[val_idx]
target_mean, target_scale = 0.0, 1.0
if not CLASSIFICATION and standardize and len(y_train) > 1 and y_train.std() > 0:
    target_mean, target_scale = float(y_train.mean()), float(y_train.std())  # errors are reported in the target's units
X_train, X_val = torch.tensor(X_train, dtype=torch.float32), torch.tensor(X_val, dtype=torch.float32)
if CLASSIFICATION:
    y_train, y_val = torch.tensor(y_train, dtype=torch.long), torch.tensor(y_val, dtype=torch.long)
else:
    y_train = torch.tensor((y_train - target_mean) / target_scale, dtype=torch.float32)
    y_val = torch.tensor((y_val - target_mean) / target_scale, dtype=torch.float32)
print(f"{len(X_train)} examples to train, {len(X_val)} to validate, {X_train.shape[1]} inputs")
'''  # not translated: script code


def _model_section(config: RunConfig, model: ModelFile) -> list[str]:
    hidden = list(config.model.hidden)
    activation = ACTIVATIONS[config.model.activation]
    params = [f"        input_features={model.n_inputs},  # Cantidad de features de entrada"]  # not translated: script code
    params += [f"        hidden_layer_{i}={size},  # Cantidad de neuronas de la capa oculta {i}"  # not translated: script code
               for i, size in enumerate(hidden, 1)]
    params += [f"        output_features={model.n_outputs},  # Dimensión de la salida"]  # not translated: script code
    widths = ["input_features", *(f"hidden_layer_{i}" for i in range(1, len(hidden) + 1))]
    layers = [f"        self.fully_connected_{i} = nn.Linear({a}, {b})" for i, (a, b) in enumerate(zip(widths, widths[1:]), 1)]
    layers.append(f"        self.output = nn.Linear({widths[-1]}, output_features)")
    forward = [f"        x = {activation}(self.fully_connected_{i}(x))" if activation else f"        x = self.fully_connected_{i}(x)"
               for i in range(1, len(hidden) + 1)]
    return [
        "",
        "",
        "class MyPytorchModel(nn.Module):",  # not translated: script code
        "    def __init__(",
        "        self,",
        *params,
        "    ):",
        "        super().__init__()  # Llama al método __init__ de la clase nn.Module",  # not translated: script code
        *layers,
        "",
        "    # Forward pass",  # not translated: script code
        "    def forward(self, x):",  # not translated: script code
        *forward,
        "        x = self.output(x)",
        "        return x",
    ]


def _optimizer_options(config: RunConfig) -> str:
    training = config.training
    options = ""
    if training.optimizer in ("sgd", "rmsprop") and training.momentum:
        options += f", momentum={training.momentum!r}"
    if training.optimizer == "sgd" and training.nesterov:
        options += ", nesterov=True"
    if training.weight_decay:
        options += f", weight_decay={training.weight_decay!r}"
    return options


def _batch_size(config: RunConfig) -> str:
    size = config.training.batch_size
    return "len(X_train)  # the whole training set: batch gradient descent" if size == "full" else str(size)  # not translated: script code


def _monitor(config: RunConfig) -> str:
    monitor = config.early_stopping.monitor
    if config.data.val_split == 0 and monitor.startswith("val_"):
        return "train_loss"
    return monitor


LOOP = '''

def targets(y):
    """The targets in the form the loss wants."""
    if LOSS == "bce":
        return y.float()
    if LOSS == "hinge":
        return y.float() * 2 - 1
    return y


def outputs(out):
    return out.squeeze(1) if LOSS in ("bce", "hinge") or not CLASSIFICATION else out


def predictions(out):
    if not CLASSIFICATION:
        return out.squeeze(1)
    if LOSS in ("bce", "hinge"):
        return (out.squeeze(1) > 0).long()
    return out.argmax(dim=1)


def scores(x, y):
    """Loss, accuracy (%) or MAE (target units), and F1 of a split."""
    with torch.no_grad():
        out = model(x)
        result = {"loss": criterion(outputs(out), targets(y)).item()}
        predicted = predictions(out)
        if CLASSIFICATION:
            result["accuracy"] = (predicted == y).float().mean().item() * 100
            n = int(max(y.max().item(), predicted.max().item())) + 1
            confusion = torch.bincount(y * n + predicted, minlength=n * n).reshape(n, n).double()
            f1 = 2 * confusion.diag() / (confusion.sum(0) + confusion.sum(1)).clamp(min=1)
            result["f1"] = f1[1].item() if n == 2 else f1.mean().item()
        else:
            result["mae"] = (predicted - y).abs().mean().item() * target_scale
    return result


generator = torch.Generator().manual_seed(seed)  # the batch order, the same on every run
best, wait, best_state = None, 0, None
for epoch in range(1, epochs + 1):
    model.train()
    order = torch.randperm(len(X_train), generator=generator)
    for start in range(0, len(X_train), batch_size):
        batch = order[start : start + batch_size]
        y_pred = model(X_train[batch])  # Forward pass y obtener la predicción
        loss = criterion(outputs(y_pred), targets(y_train[batch]))
        optimizer.zero_grad()  # Setea todos los gradientes del paso anterior, sino se acumulan!
        loss.backward()  # Calcula la derivada de la loss respecto de los pesos y biases
        optimizer.step()  # Actualiza todos los parámetros del modelo (pesos y biases)
    model.eval()
    train, val = scores(X_train, y_train), (scores(X_val, y_val) if len(X_val) else {})
    print(f"Epoch {epoch}")
    print(f"train_loss : {train['loss']}" + (f" val_loss : {val['loss']}" if val else ""))
    if CLASSIFICATION:
        print(f"train_accuracy : {train['accuracy']}" + (f" val_accuracy : {val['accuracy']}" if val else ""))
    metrics = {"train_loss": train["loss"], **{f"val_{k}": v for k, v in val.items()}}
    value = metrics[monitor]
    if maximise and monitor == "val_accuracy":
        value = value / 100  # min_delta is a fraction, as in nn-tui
    improved = best is None or (value > best + min_delta if maximise else value < best - min_delta)
    if improved:
        previous = "inf" if best is None else f"{best:.6f}"
        what = {"val_loss": "Validation loss", "train_loss": "Training loss"}.get(monitor, monitor)
        print(f"{what} {'increased' if maximise else 'decreased'} ({previous} --> {value:.6f}). Saving model ...")
        best, wait = value, 0
        best_state = {k: v.clone() for k, v in model.state_dict().items()}
        torch.save(best_state, "best_model.pt")
    else:
        wait += 1
    if patience > 0:
        print(f"Trigger times: {wait}")
        if wait >= patience:
            print(f"Early stopping at epoch {epoch}")
            break
if best_state is not None:
    model.load_state_dict(best_state)  # keep the best epoch's weights
print(f"best {monitor}: {best}")
'''  # not translated: script code
