"""The engine's events in the lecture's words, shared by the headless log and the app's notices."""

from __future__ import annotations

from tui.core.events import Diagnosed, Diverged, EarlyStopped, Event, Finished, Improved, PatienceTicked, RunStarted, Symmetric
from tui.core.i18n import DEFAULT_LANGUAGE, N_, _, language, ngettext
from tui.core.i18n import number as localized
from tui.core.plan import last_batch_size
from tui.core.vocabulary import (
    BATCH_GD,
    COMPLETED,
    DIVERGED,
    EARLY_STOP,
    FAILED,
    METRICS_BY_NAME,
    MINI_BATCH_GD,
    STOCHASTIC_GD,
    STOPPED,
)
from tui.text.counts import counted
from tui.text.messages import in_language

END_WORDS = {  # the head of an end message; Finished.message may start with it
    COMPLETED: "Finished all epochs",  # not translated: matched against the English message; END_SENTENCES says it
    EARLY_STOP: "Stopped early",  # not translated: as above
    DIVERGED: "Diverged",  # not translated: as above
    STOPPED: "Stopped by the user",  # not translated: as above
    FAILED: "Failed",  # not translated: as above
}
END_SENTENCES = {  # the end's first sentence, whole, for the catalogue
    COMPLETED: N_("Finished all epochs after {epochs} ({seconds} s)."),
    EARLY_STOP: N_("Stopped early after {epochs} ({seconds} s)."),
    DIVERGED: N_("Diverged after {epochs} ({seconds} s)."),
    STOPPED: N_("Stopped by the user after {epochs} ({seconds} s)."),
    FAILED: N_("Failed after {epochs} ({seconds} s)."),
}

# Finished messages as finished_text leaves them once their head is cut off ("Diverged: the training loss ..."
# → "The training loss ..."): listed so that the catalogue has them too.
AFTER_THE_HEAD = (
    N_("The training loss is no longer a finite number (NaN or inf)."),
    N_("The training loss exploded to {loss}, over {factor}× its first value."),
    N_("The best model so far is kept."),
)


def end_mark(reason: str) -> str:
    """The end banner's mark: "Done" only for a run that ended well (all epochs, early stop, stopped by the user).

    A diverged run's text starts with "Diverged" already.
    """
    return {DIVERGED: "✗", FAILED: _("✗ Failed:")}.get(reason, _("✓ Done:"))


def improved_text(event: Improved) -> str:
    metric = METRICS_BY_NAME.get(event.monitor)
    what, verb = (metric.label, metric.change) if metric else (event.monitor, "improved")
    previous = "inf" if event.previous is None else f"{event.previous:.6f}"
    if event.previous is None and verb == "increased":
        previous = "-inf"
    # not translated: the lecture's PyTorch log, printed as in the lecture (its meaning follows in Spanish)
    saving = "Saving model ..." if event.path else "Keeping these weights ..."  # not translated: the lecture's log
    line = f"{what} {verb} ({previous} --> {event.current:.6f}). {saving}"
    if event.path:
        return beside(line, _("best {metric} so far: the model is saved").format(metric=lowered(what)))
    return beside(line, _("best {metric} so far: these weights are kept").format(metric=lowered(what)))


def trigger_text(event: PatienceTicked) -> str:
    """The lecture's "Trigger times" line: epochs without improvement, out of the patience."""
    line = f"Trigger times: {event.wait}/{event.patience}"  # not translated: the lecture's PyTorch log, printed as in the lecture
    gloss = ngettext(
        "{wait} epoch without improvement (patience {patience})", "{wait} epochs without improvement (patience {patience})", event.wait
    )
    return beside(line, gloss.format(wait=event.wait, patience=event.patience))


def beside(line: str, explanation: str) -> str:
    """The lecture's log line as it printed it; in another language, what it means after a dash."""
    return line if language() == DEFAULT_LANGUAGE else f"{line} — {explanation}"


def lowered(label: str) -> str:
    """A metric's label inside a sentence: "Validation loss" → "validation loss"; "MAE …" and "F1 …" stay."""
    label = _(label)
    first = label.split(" ", 1)[0]
    return label if first.upper() == first else label[:1].lower() + label[1:]


def notice_text(event: Event, said: str = "") -> str | None:
    """One line for the events that deserve a notice; None for the rest. `said`: a Diverged message already shown."""
    if isinstance(event, Improved):
        return improved_text(event)
    if isinstance(event, PatienceTicked):
        return trigger_text(event) if event.wait else None
    if isinstance(event, EarlyStopped):
        return _("Early stopping at epoch {epoch} (best epoch {best_epoch}, {monitor} {best})").format(
            epoch=event.epoch, best_epoch=event.best_epoch, monitor=event.monitor, best=localized(event.best, ".4f")
        )
    if isinstance(event, Diverged | Diagnosed):
        return in_language(event.message)
    if isinstance(event, Symmetric):
        return symmetric_text(event)
    if isinstance(event, Finished):
        return finished_text(event, said)
    return None


def symmetric_text(event: Symmetric) -> str:
    """Why a zero-initialized network cannot learn, in the lecture's terms."""
    each = _("all {units} units of {layer}")
    layers = _(" and ").join(each.format(units=units, layer=name) for name, units in zip(event.layers, event.units))
    return _(
        "Symmetry: after epoch {epoch}, {layers} are still identical. Units that start equal get equal gradients "
        "and stay equal, so such a layer works like a single unit. Start from random weights: "
        'model.weight_init = "he" (ReLU) or "xavier".'
    ).format(epoch=event.epoch, layers=layers)


def finished_text(event: Finished, said: str = "") -> str:
    """The end of a run in one paragraph; `said` (the Diverged notice shown just before) is not repeated."""
    head = END_WORDS.get(event.reason, event.reason)
    first = _(END_SENTENCES[event.reason]) if event.reason in END_SENTENCES else _("{reason} after {epochs} ({seconds} s).")
    parts = [first.format(reason=event.reason, epochs=counted(event.epochs, "epoch"), seconds=localized(event.seconds, ".1f"))]
    if event.best_epoch is not None and event.best is not None:
        best = _("Best epoch {epoch}: {monitor} {best} (restored).") if event.restored_best else _("Best epoch {epoch}: {monitor} {best}.")
        parts.append(best.format(epoch=event.best_epoch, monitor=event.monitor, best=localized(event.best, ".4f")))
    message = event.message.strip()
    if said and message.startswith(said):
        message = message[len(said) :].strip()  # what is left is a note on files, which must show
    elif message.startswith((f"{head};", f"{head}:")):  # "Stopped by the user; the best model ..." would repeat the head
        message = message[len(head) + 1 :].strip()
        message = message[:1].upper() + message[1:]
    if message:
        parts.append(in_language(message))
    if event.run_dir:
        parts.append(_("Run saved in {folder}").format(folder=event.run_dir))
    return " ".join(parts)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}"


def number(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def start_text(event: RunStarted) -> str:
    """The run in the lecture's terms: sizes, steps per epoch, kind of gradient descent, parameters, device."""
    plan = _(
        "{name}: {train} training / {validation}, batch {batch} → {steps} per epoch{last_batch} ({kind}), {epochs} = {total}; "
        "{parameters} on {device}"
    ).format(
        name=event.name, train=localized(event.train_size, ","),
        validation=counted(event.val_size, "validation example"),  # not translated: counted()'s noun key
        batch=localized(event.batch_size, ","), steps=counted(event.steps_per_epoch, "step"), last_batch=last_batch_note(event),
        kind=_(GD_KINDS[event.gd_kind]) if event.gd_kind in GD_KINDS else _("{kind} gradient descent").format(kind=event.gd_kind),
        epochs=counted(event.epochs, "epoch"), total=counted(event.total_steps, "step"),
        parameters=counted(event.parameters, "parameter"), device=event.device,
    )
    device = f" ({event.device_name})" if event.device_name else ""
    return plan + device + (f", {counted(event.threads, 'thread')}" if event.threads else "")


GD_KINDS = {  # the lecture's three kinds of gradient descent, by RunStarted.gd_kind
    BATCH_GD: N_("batch gradient descent"),
    STOCHASTIC_GD: N_("stochastic gradient descent"),
    MINI_BATCH_GD: N_("mini-batch gradient descent"),
}


def last_batch_note(event: RunStarted) -> str:
    """', the last of N examples' when the batch size does not divide the training set (the lecture's ⌈N / b⌉)."""
    last = last_batch_size(event.train_size, event.batch_size)
    if event.steps_per_epoch < 2 or last == event.batch_size:
        return ""
    return _(", the last of {examples}").format(examples=counted(last, "example"))


def rounded(values: object) -> str:
    """Nested lists with 7 significant digits: float32 noise (1.8500000238) reads as the lecture's 1.85."""
    if isinstance(values, list):
        return "[" + ", ".join(rounded(v) for v in values) + "]"
    return f"{values:.7g}" if isinstance(values, float) else str(values)
