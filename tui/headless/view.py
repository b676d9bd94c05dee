"""How a headless run looks: a Rich progress bar and the lecture's epoch log on a terminal, plain lines elsewhere, or JSON lines."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

from tui.core.events import Diverged, EpochEnded, Event, Finished, PatienceTicked, Progress, RunStarted, StepTraced
from tui.core.i18n import _, number, translated
from tui.core.jsonl import event_line
from tui.core.vocabulary import CLASSIFICATION, METRIC_NAMES
from tui.headless.output import keep_running_on_broken_pipe
from tui.text.notices import notice_text, percent, rounded, start_text
from tui.text.notices import number as decimals


def epoch_log(event: EpochEnded, task: str) -> list[str]:
    """The lecture's per-epoch log lines, as its PyTorch code prints them (in English, in the Spanish lecture too)."""
    head = f"Epoch {event.epoch}" if event.epoch else _("Epoch {epoch} (before training)").format(epoch=event.epoch)
    lines = [head, f"train_loss : {decimals(event.train_loss)} val_loss : {decimals(event.val_loss)}"]
    if task == CLASSIFICATION:
        lines.append(f"train_accuracy : {percent(event.train_accuracy)} val_accuracy : {percent(event.val_accuracy)}")
    else:
        lines.append(f"train_mae : {decimals(event.train_mae)} val_mae : {decimals(event.val_mae)}")
    return lines


def plain_line(event: EpochEnded, epochs: int) -> str:
    parts = [f"epoch {event.epoch}/{epochs}"]
    for name in METRIC_NAMES:  # train_loss is always there; the others when the task and the split have them
        value = getattr(event, name)
        if value is not None:
            parts.append(f"{name}={value:.6f}")
    if event.lr is not None:
        parts.append(f"lr={event.lr:.6g}")
    parts.append(f"seconds={event.seconds:.3f}")
    return " ".join(parts)


class HeadlessView:
    """Consumes engine events and prints them for a person (terminal or log file) and/or as JSON lines."""

    def __init__(self, console: Console, jsonl: IO[str] | None = None, human: bool = True, trace: bool = True) -> None:
        self.console = console
        self.jsonl = jsonl
        self.human = human
        self.trace = trace
        self.live = human and console.is_terminal
        self.progress: RichProgress | None = None
        self.task = CLASSIFICATION
        self.epochs = 0
        self.divergence = ""  # the Diverged notice shown, not repeated at the end
        keep_running_on_broken_pipe(console)

    def __call__(self, event: Event) -> None:
        if self.jsonl is not None and not isinstance(event, Progress):
            self.jsonl.write(event_line(event) + "\n")
            self.jsonl.flush()
        if self.human:
            self._show(event)

    def _show(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.task, self.epochs = event.task, event.epochs
            self._say(start_text(event))
            for note in event.notes:
                self._say(translated(note))
            if self.live:
                self._start_bars(event)
        elif isinstance(event, Progress):
            self._advance(event.epoch - 1, event.step, event.steps_per_second)
        elif isinstance(event, EpochEnded):
            if self.live:
                for line in epoch_log(event, self.task):
                    self._say(line)
            else:
                self._say(plain_line(event, self.epochs))
            self._advance(event.epoch, None, None)
        elif isinstance(event, PatienceTicked):
            if self.live:
                self._say(f"Trigger times: {event.wait}")  # not translated: the lecture's log line, as printed
        elif isinstance(event, StepTraced):
            if self.trace:
                self._show_trace(event)
        elif isinstance(event, Finished):
            if self.progress is not None:
                self.progress.stop()
            self._say(notice_text(event, self.divergence) or "")
        else:
            text = notice_text(event)
            if text:
                self._say(translated(text))  # a diagnosis's or a divergence's message travels in English
            if isinstance(event, Diverged):
                self.divergence = event.message

    def _say(self, text: str) -> None:
        """Names, paths and messages printed as they are, whatever console the caller gave ("[...]" is no markup)."""
        self.console.print(text, markup=False, emoji=False, highlight=False)

    def _start_bars(self, event: RunStarted) -> None:
        self.progress = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            auto_refresh=False,  # a refresh thread would compete with training for the GIL
            transient=False,
        )
        epoch, step = _("epoch"), _("step")
        width = max(len(epoch), len(step))  # the two bars start in one column
        self.epoch_task = self.progress.add_task(epoch.ljust(width), total=event.epochs, completed=event.start_epoch, rate="")
        self.step_task = self.progress.add_task(step.ljust(width), total=event.steps_per_epoch, rate="")
        self.progress.start()

    def _advance(self, epochs_done: int, step: int | None, rate: float | None) -> None:
        if self.progress is None:
            return
        self.progress.update(self.epoch_task, completed=epochs_done)
        if step is not None:
            self.progress.update(self.step_task, completed=step, rate=f"{number(rate, ',.1f')} it/s" if rate else "")
        else:
            self.progress.update(self.step_task, completed=self.progress.tasks[1].total)
        self.progress.refresh()

    def _show_trace(self, event: StepTraced) -> None:
        self._say(_("Step {step} (epoch {epoch}): input {inputs} target {target}").format(
            step=event.step, epoch=event.epoch, inputs=rounded(event.inputs), target=rounded(event.target)))
        for name, values in event.forward.items():
            self._say("  " + _("forward {layer}: {values}").format(layer=name, values=rounded(values)))
        self._say("  " + _("prediction {prediction}  loss {loss}").format(
            prediction=rounded(event.prediction), loss=number(event.loss, ".7f")))
        self._say("  " + _("update: w = w - {lr} x d loss/d w  (weights as x · W + b: a row per input)").format(
            lr=number(event.lr, "g")))
        for name, grad in event.gradients.items():
            self._say(f"  d loss/d {name}: {rounded(grad)}  ->  {rounded(event.updated[name])}")
