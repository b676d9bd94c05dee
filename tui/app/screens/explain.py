"""The Backprop screen: the network drawn, and the derivation of its steps walked one computation at a time.

The derivation needs torch, which the app never imports: a thread runs `python -m tui explain --json` on the
config in a child process and reads its records back (tui.core.derivation_json); the words shown are
`nn-tui explain`'s own, cut into stages by tui.text.backprop_stages. `t` shows the whole derivation as text.
How the pieces fit: docs/DESIGN.md §Backprop screen.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Log, Static

from tui.app.child_command import run_command_in_child
from tui.app.network_drawing import Walk, draw_network, walk_at
from tui.app.widgets.footer import TranslatedFooter
from tui.core import plan as planning
from tui.core.config import RunConfig, config_to_dict, validate_config
from tui.core.derivation import MAX_EXPLAINED_PARAMETERS, Explanation
from tui.core.derivation_json import explanation_from_json_lines
from tui.core.errors import UserError
from tui.core.events import Paused
from tui.core.i18n import N_, _, number, translated
from tui.data.catalog import dataset_shape, train_size
from tui.text.backprop_stages import Stage, explanation_stages
from tui.text.derivation_text import explanation_lines

EXPLAIN_TIMEOUT_S = 300
SCREEN_STEPS = 10  # steps derived for the walk; past the last, it wraps to the first


def steps_to_derive(config: RunConfig, first_step: int) -> int:
    """SCREEN_STEPS, or fewer when the run has fewer steps left (explain refuses more than there are)."""
    try:
        shape = dataset_shape(config.data, config.seed)
    except UserError:
        return 1  # the child will say what is wrong with the data
    train = train_size(shape, config.data.val_split)
    total = planning.make_plan(train, shape.n_examples - train, config.training.batch_size, config.training.epochs).total_steps
    return max(1, min(SCREEN_STEPS, total - first_step + 1))


def explain_in_child(config: RunConfig, first_step: int = 1) -> Explanation:
    """The derivation's records from `nn-tui explain --json`; its one-line refusal as a UserError."""
    options = ["--json", "--steps", str(steps_to_derive(config, first_step))]
    if first_step > 1:
        options += ["--first-step", str(first_step)]
    ok, lines = run_command_in_child(["explain"], config, options, timeout=EXPLAIN_TIMEOUT_S)
    if not ok:
        raise UserError(lines[0])
    return explanation_from_json_lines(lines)


def open_for_paused_run(screen: Screen[object], config: RunConfig, paused: Paused | None) -> None:
    """The Backprop screen for the step a paused run takes next, from the weights its pause sent."""
    if paused is None:
        screen.notify(_("Pause the run (p) first: Backprop derives the step it takes next."), severity="warning", timeout=6)
        return
    if paused.weights is None:
        message = _("Cannot explain: the network has more than {count} parameters; explain derives networks of at most that")
        screen.notify(message.format(count=MAX_EXPLAINED_PARAMETERS), severity="error", timeout=8)
        return
    raw = config_to_dict(config)
    raw["model"]["init"] = paused.weights
    screen.app.push_screen(ExplainScreen(validate_config(raw), first_step=paused.step + 1))


class NetworkView(Widget):
    """The drawn network at the walk's stage, redrawn to the widget's size."""

    walk: Walk | None = None

    def render(self) -> Text:
        if self.walk is None:
            return Text("")
        return draw_network(self.walk, self.size.width, self.size.height)


class ExplainScreen(Screen[None]):
    AUTO_FOCUS = ""  # nothing focused: the arrow keys walk; in the text view the log takes them to scroll
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "move(1)", N_("Next"), key_display="→"),
        Binding("left,h", "move(-1)", N_("Previous"), key_display="←"),
        Binding("pagedown,right_square_bracket", "part(1)", N_("Next part"), key_display="]"),
        Binding("pageup,left_square_bracket", "part(-1)", N_("Part back"), key_display="["),
        Binding("t", "text", N_("Text")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, config: RunConfig, first_step: int = 1,
                 derive: Callable[[RunConfig, int], Explanation] | None = None) -> None:
        """`first_step` > 1: the run's step to start from, its weights in config.model.init (a paused run).
        `derive`: where the records come from (tests derive in their own process); by default `nn-tui explain`."""
        super().__init__()
        self.config = config
        self.first_step = first_step
        self.derive_explanation = derive or explain_in_child
        self.explanation: Explanation | None = None
        self.stages: list[Stage] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Label(_("Backprop: {name}: deriving …").format(name=self.config.name), id="explain-status")
        yield NetworkView(id="network")
        yield Static(_("Deriving the steps in a process of their own (it loads torch) …"), id="formula")
        yield Log(id="explain-log", highlight=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one("#explain-log", Log).display = False
        self.derive()

    @work(thread=True, exclusive=True)
    def derive(self) -> None:
        try:
            result: Explanation | str = self.derive_explanation(self.config, self.first_step)
        except (OSError, subprocess.TimeoutExpired, UserError) as error:
            result = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
        self.app.call_from_thread(self.show, result)

    def show(self, result: Explanation | str) -> None:
        if isinstance(result, str):
            self.query_one("#explain-status", Label).update(_("Cannot explain: {problem}").format(problem=translated(result)))
            return
        self.explanation = result
        self.stages = explanation_stages(result)
        log = self.query_one("#explain-log", Log)
        log.write_lines(list(explanation_lines(result)))
        log.scroll_home(animate=False)
        self.go_to(0)

    # ------------------------------------------------------------------ the walk

    @property
    def stage(self) -> Stage | None:
        return self.stages[self.index] if self.stages else None

    def go_to(self, index: int) -> None:
        assert self.explanation is not None
        self.index = index % len(self.stages)  # past the last step: back to the first
        stage = self.stages[self.index]
        step = self.explanation.steps[stage.step]
        view = self.query_one(NetworkView)
        view.walk = walk_at(self.stages, self.index, step)
        view.refresh()
        formula = self.query_one("#formula", Static)
        formula.border_title = stage.part
        formula.update("\n".join(stage.lines))
        status = _("Backprop: {name} · step {step} ({first}–{last}) · {index} of {count}").format(
            name=self.explanation.name, step=step.step, first=self.explanation.steps[0].step, last=self.explanation.steps[-1].step,
            index=self.index + 1, count=number(len(self.stages), ","))
        if self.first_step > 1:  # a paused run's weights; an optimizer's running state (momentum, Adam) is not carried
            status += _(" · the paused run's weights") if step.plain_sgd else _(" · the paused run's weights, its optimizer state afresh")
        self.query_one("#explain-status", Label).update(status)

    def action_move(self, by: int) -> None:
        if self.stages:
            self.go_to(self.index + by)

    def action_part(self, by: int) -> None:
        """To the start of the next part (a layer, the loss, the mean, the updates), or of this one, or the one before."""
        if not self.stages:
            return
        starts = [i for i, stage in enumerate(self.stages) if i == 0 or self.stages[i - 1].part != stage.part]
        if by > 0:
            self.go_to(next((i for i in starts if i > self.index), starts[0]))
        else:
            earlier = [i for i in starts if i < self.index]
            self.go_to(earlier[-1] if earlier else starts[-1])

    def action_text(self) -> None:
        """The whole derivation as `nn-tui explain` prints it, scrollable; `t` again for the picture."""
        log = self.query_one("#explain-log", Log)
        log.display = not log.display
        for widget in (self.query_one(NetworkView), self.query_one("#formula", Static)):
            widget.display = not log.display
        if log.display:
            log.focus()
        else:
            self.set_focus(None)

    def action_back(self) -> None:
        self.dismiss(None)
