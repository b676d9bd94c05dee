"""A deterministic run, written out as engine events, for screens that must look the same every time."""

from __future__ import annotations

import math

from tui.core.events import EarlyStopped, EpochEnded, Event, Finished, Improved, PatienceTicked, Progress, RunStarted


def classification_run(epochs: int = 30, best_epoch: int = 18, patience: int = 5) -> list[Event]:
    """A healthy-looking run that stops early `patience` epochs after `best_epoch`."""
    steps = 4
    events: list[Event] = [
        RunStarted(
            name="iris", train_size=120, val_size=30, batch_size=32, steps_per_epoch=steps, total_steps=steps * epochs,
            gd_kind="mini-batch", parameters=151, device="cpu", epochs=epochs, task="classification", monitor="val_loss",
            patience=patience, run_dir=None, model_summary="MLP()", threads=1, n_classes=3,
        )
    ]
    best = math.inf
    wait = 0
    last = best_epoch + patience
    for epoch in range(1, last + 1):
        train_loss = 1.1 * math.exp(-epoch / 8) + 0.05
        # Validation follows training down to the best epoch, then rises: overfitting.
        val_loss = 1.1 * math.exp(-min(epoch, best_epoch) / 8) + 0.08 + 0.01 * max(0, epoch - best_epoch)
        events.append(Progress(epoch, epochs, 2, steps, (epoch - 1) * steps + 2, steps * epochs, epoch * 0.5, 16.0, 512.0))
        events.append(EpochEnded(
            epoch=epoch, global_step=epoch * steps, train_loss=train_loss, val_loss=val_loss,
            train_accuracy=min(0.99, 0.3 + epoch * 0.04), val_accuracy=min(0.97, 0.3 + epoch * 0.035), val_f1=0.9,
            val_mae=None, seconds=0.5, elapsed=epoch * 0.5, lr=0.1 * 0.5 ** (epoch // 5),
        ))
        if val_loss < best:
            events.append(Improved(epoch, "val_loss", None if best == math.inf else best, val_loss, None))
            best, wait = val_loss, 0
        else:
            wait += 1
        events.append(PatienceTicked(epoch, wait, patience))
    events.append(EarlyStopped(last, best_epoch, best, "val_loss"))
    events.append(Finished("early_stop", last, best_epoch, best, None, "val_loss", last * 0.5, True))
    return events
