"""The engine's events in the lecture's words, shared by the headless log and the app's notices."""

from __future__ import annotations

from tui.core.events import Diagnosed, Diverged, EarlyStopped, Event, Finished, Improved, PatienceTicked, RunStarted, Symmetric
from tui.core.plan import last_batch_size
from tui.core.vocabulary import COMPLETED, DIVERGED, EARLY_STOP, FAILED, METRICS_BY_NAME, STOPPED
from tui.text.counts import counted

END_WORDS = {
    COMPLETED: "Finished all epochs",
    EARLY_STOP: "Stopped early",
    DIVERGED: "Diverged",
    STOPPED: "Stopped by the user",
    FAILED: "Failed",
}


def end_mark(reason: str) -> str:
    """The end banner's mark: "Done" only for a run that ended well (all epochs, early stop, stopped by the user).

    A diverged run's text starts with "Diverged" already.
    """
    return {DIVERGED: "✗", FAILED: "✗ Failed:"}.get(reason, "✓ Done:")


def improved_text(event: Improved) -> str:
    metric = METRICS_BY_NAME.get(event.monitor)
    what, verb = (metric.label, metric.change) if metric else (event.monitor, "improved")
    previous = "inf" if event.previous is None else f"{event.previous:.6f}"
    if event.previous is None and verb == "increased":
        previous = "-inf"
    saving = "Saving model ..." if event.path else "Keeping these weights ..."
    return f"{what} {verb} ({previous} --> {event.current:.6f}). {saving}"


def notice_text(event: Event, said: str = "") -> str | None:
    """One line for the events that deserve a notice; None for the rest. `said`: a Diverged message already shown."""
    if isinstance(event, Improved):
        return improved_text(event)
    if isinstance(event, PatienceTicked):
        return f"Trigger times: {event.wait}/{event.patience}" if event.wait else None
    if isinstance(event, EarlyStopped):
        return f"Early stopping at epoch {event.epoch} (best epoch {event.best_epoch}, {event.monitor} {event.best:.4f})"
    if isinstance(event, Diverged):
        return event.message
    if isinstance(event, Diagnosed):
        return event.message
    if isinstance(event, Symmetric):
        return symmetric_text(event)
    if isinstance(event, Finished):
        return finished_text(event, said)
    return None


def symmetric_text(event: Symmetric) -> str:
    """Why a zero-initialized network cannot learn, in the lecture's terms."""
    layers = " and ".join(f"all {units} units of {name}" for name, units in zip(event.layers, event.units))
    return (
        f"Symmetry: after epoch {event.epoch}, {layers} are still identical. Units that start equal get equal gradients "
        "and stay equal, so such a layer works like a single unit. Start from random weights: "
        'model.weight_init = "he" (ReLU) or "xavier".'
    )


def finished_text(event: Finished, said: str = "") -> str:
    """The end of a run in one paragraph; `said` (the Diverged notice shown just before) is not repeated."""
    head = END_WORDS.get(event.reason, event.reason)
    parts = [f"{head} after {counted(event.epochs, 'epoch')} ({event.seconds:.1f} s)."]
    if event.best_epoch is not None and event.best is not None:
        parts.append(f"Best epoch {event.best_epoch}: {event.monitor} {event.best:.4f}" + (" (restored)." if event.restored_best else "."))
    message = event.message.strip()
    if message.startswith((f"{head};", f"{head}:")):  # "Stopped by the user; the best model ..." would repeat the head
        message = message[len(head) + 1 :].strip()
        message = message[:1].upper() + message[1:]
    if said and message.startswith(said):
        message = message[len(said) :].strip()  # what is left is a note on files, which must show
    if message:
        parts.append(message)
    if event.run_dir:
        parts.append(f"Run saved in {event.run_dir}")
    return " ".join(parts)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}"


def number(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def start_text(event: RunStarted) -> str:
    """The run in the lecture's terms: sizes, steps per epoch, kind of gradient descent, parameters, device."""
    return (
        f"{event.name}: {event.train_size:,} training / {counted(event.val_size, 'validation example')}, "
        f"batch {event.batch_size:,} → {counted(event.steps_per_epoch, 'step')} per epoch{last_batch_note(event)} "
        f"({event.gd_kind} gradient descent), "
        f"{counted(event.epochs, 'epoch')} = {counted(event.total_steps, 'step')}; "
        f"{counted(event.parameters, 'parameter')} on {event.device}"
        + (f" ({event.device_name})" if event.device_name else "")
        + (f", {counted(event.threads, 'thread')}" if event.threads else "")
    )


def last_batch_note(event: RunStarted) -> str:
    """', the last of N examples' when the batch size does not divide the training set (the lecture's ⌈N / b⌉)."""
    last = last_batch_size(event.train_size, event.batch_size)
    if event.steps_per_epoch < 2 or last == event.batch_size:
        return ""
    return f", the last of {counted(last, 'example')}"


def rounded(values: object) -> str:
    """Nested lists with 7 significant digits: float32 noise (1.8500000238) reads as the lecture's 1.85."""
    if isinstance(values, list):
        return "[" + ", ".join(rounded(v) for v in values) + "]"
    return f"{values:.7g}" if isinstance(values, float) else str(values)
