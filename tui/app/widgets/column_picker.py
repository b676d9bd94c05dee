"""The CSV's columns in the setup form: choose the target, tick the features (data.target, data.features).

Shown once the file has been read. Each column says what it holds; a row index and text columns start
unticked, with the reason, as the loader would infer them (tui/data/columns.py).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select, SelectionList, Static

from tui.app.form_fields import label_width
from tui.core.i18n import N_, _, ngettext, translated
from tui.data.columns import INTEGER, NUMBER, TEXT, ColumnInfo, inferred_features

KIND_WORDS = {NUMBER: N_("number"), INTEGER: N_("integer"), TEXT: N_("text")}  # what a column holds, as read


def column_words(column: ColumnInfo, as_feature: bool = True) -> str:
    """'bill_mm  number · 2 missing' / 'island  text, one-hot' / 'rownames  integer — row index: its name'."""
    kind = _(KIND_WORDS.get(column.kind, column.kind))
    if as_feature and column.kind == TEXT:
        kind = (_("{kind}, one-hot") if column.one_hot else _("{kind}, too many values")).format(kind=kind)
    words = f"{column.name}  {kind}"
    if column.missing:
        words += " · " + ngettext("{count} missing", "{count} missing", column.missing).format(count=column.missing)
    if column.index_reason:
        words += f" — {translated(column.index_reason)}"
    return words


class ColumnPicker(Vertical):
    DEFAULT_CSS = """
    ColumnPicker { height: auto; display: none; }
    ColumnPicker.-shown { display: block; }
    ColumnPicker > Horizontal { height: 1; }
    ColumnPicker > Horizontal.summary-row { height: auto; }
    ColumnPicker .field-label { width: 18; }
    ColumnPicker #column-target, ColumnPicker #column-summary { width: 1fr; }
    ColumnPicker #column-features { height: auto; max-height: 12; border: none; padding: 0; margin-left: 1; }
    ColumnPicker #column-error { display: none; padding-left: 18; color: $text-error; }
    ColumnPicker.-invalid #column-error { display: block; }
    """  # not translated: CSS

    class Changed(Message):
        """The target or the ticked features changed (by the user, or because another file was read)."""

    def __init__(self) -> None:
        super().__init__(id="column-picker")
        self.path = ""
        self.columns: list[ColumnInfo] = []
        self.chosen = False  # the features were ticked by hand (or given by the config), not inferred
        self._error = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(_("target column"), classes="field-label").set_styles(f"width: {label_width()};")
            yield Select[str]([], allow_blank=True, compact=True, id="column-target")
        with Horizontal(classes="summary-row"):
            yield Label(_("features"), classes="field-label").set_styles(f"width: {label_width()};")
            yield Static("", id="column-summary")
        yield SelectionList[str](id="column-features", compact=True)
        yield Static("", id="column-error").set_styles(f"padding-left: {label_width()};")

    @property
    def shown(self) -> bool:
        return bool(self.columns) and self.has_class("-shown")

    @property
    def target(self) -> str:
        value = self.query_one("#column-target", Select).value
        return value if isinstance(value, str) else ""

    @property
    def features(self) -> list[str] | None:
        """The ticked columns in file order; None when they are what the loader infers (the config leaves them out)."""
        ticked = set(self.query_one("#column-features", SelectionList).selected)
        chosen = [column.name for column in self.columns if column.name in ticked]
        return None if chosen == inferred_features(self.columns, self.target) else chosen

    def show_file(self, path: str, columns: list[ColumnInfo], target: str, features: list[str] | None) -> None:
        """List another file's columns: keep the target and features where the file has them, else infer them."""
        if path == self.path and columns == self.columns:
            return
        self.path, self.columns = path, columns
        names = [column.name for column in columns]
        if target not in names:
            usable = [column.name for column in columns if not column.index_reason]
            target = (usable or names)[-1]  # the target is most often the last column
        select = self.query_one("#column-target", Select)
        with self.prevent(Select.Changed):
            select.set_options([(column_words(column, as_feature=False), column.name) for column in columns])
            select.value = target
        chosen = features if features is not None and set(features) <= set(names) else None
        self.chosen = chosen is not None
        self._list_features(chosen)
        self.add_class("-shown")
        self.post_message(self.Changed())

    def forget(self, path: str = "") -> None:
        """Hide; `path` cannot be read (it is not read again until the path changes), "" reads the next file afresh."""
        self.remove_class("-shown")
        self.path, self.columns = path, []

    def _list_features(self, chosen: list[str] | None) -> None:
        target = self.target
        ticked = set(chosen if chosen is not None else inferred_features(self.columns, target))
        options = [(column_words(column), column.name, column.name in ticked) for column in self.columns if column.name != target]
        features = self.query_one("#column-features", SelectionList)
        with self.prevent(SelectionList.SelectedChanged):
            features.clear_options()
            features.add_options(options)
        self._summarize()

    def _summarize(self) -> None:
        """The ticked columns in words: the ticks alone are told apart by colour only."""
        ticked = set(self.query_one("#column-features", SelectionList).selected)
        names = [column.name for column in self.columns if column.name in ticked]
        shown = _("{ticked} of {total}: {names}").format(ticked=len(names), total=len(self.columns) - 1, names=", ".join(names))
        text = shown if names else _("none ticked (space ticks one)")
        self.query_one("#column-summary", Static).update(text)

    @on(Select.Changed, "#column-target")
    def _target_chosen(self, event: Select.Changed) -> None:
        event.stop()
        kept = [name for name in self.query_one("#column-features", SelectionList).selected if name != self.target]
        self._list_features(kept if self.chosen else None)  # inferred ticks follow the new target
        self.post_message(self.Changed())

    @on(SelectionList.SelectedChanged)
    def _features_ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.chosen = True
        self._summarize()
        self.post_message(self.Changed())

    def set_error(self, message: str | None) -> None:
        if (message or "") == self._error:
            return
        self._error = message or ""
        self.set_class(bool(message), "-invalid")
        self.query_one("#column-error", Static).update(f"✗ {translated(message)}" if message else "")
