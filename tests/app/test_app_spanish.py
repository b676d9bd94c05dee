"""The app's own text in Spanish: the form, the plan, the progress panel, the charts, with Spanish decimal marks."""

from __future__ import annotations

from textual.widgets import Label

from tests.app.helpers import row, run
from tests.app.test_step_text import FIRST_STEP
from tui.app.app import NNTuiApp
from tui.app.form_fields import FIELDS, LABEL_WIDTH, label_width
from tui.app.formatting import decimals, grouped, rate
from tui.app.plan_text import plan_text
from tui.app.step_text import step_lines
from tui.app.widgets.column_picker import column_words
from tui.app.widgets.metric_chart import MetricChart
from tui.app.widgets.plan_panel import PlanPanel
from tui.app.widgets.progress_panel import ProgressPanel
from tui.core.i18n import _, set_language
from tui.data.catalog import DatasetShape
from tui.data.columns import TEXT, ColumnInfo


def test_numbers_a_person_reads_take_the_spanish_marks(spanish):
    assert decimals(0.036841) == "0,0368" and decimals(None) == "-"
    assert rate(12.34) == "12,3" and grouped(1234567) == "1.234.567"


def test_the_plan_speaks_the_lectures_spanish(spanish, iris_config):
    plain = plan_text(iris_config, DatasetShape(1500, 4, 3, "classification")).plain
    assert "1.500 ejemplos, 4 características (clasificación, 3 clases)" in plain
    assert "pasos por época ⌈1.200 / 1.200⌉ = 1" in plain  # the preset's batch is the whole training set
    assert "descenso de gradiente por lotes (lote = todo el conjunto de entrenamiento)" in plain


def test_the_step_and_the_columns_in_spanish(spanish):
    lines = step_lines(FIRST_STEP)
    assert lines[0] == "Paso 1 (época 1): entrada [[2, 3]] objetivo [1]"
    assert lines[2] == "predicción [1.481]  pérdida 0.1156805"  # a point, as in the lists: one line, one decimal mark
    assert column_words(ColumnInfo("island", TEXT, missing=2, one_hot=True)) == "island  texto, one-hot · faltan 2"


def test_chart_titles_in_spanish_are_no_longer_than_the_english_ones():
    """plotext drops a title that does not fit above the plot: where the English one fits, the Spanish must too."""
    lengths = {}
    for lang in ("en", "es"):
        set_language(lang)
        charts = [MetricChart(title) for title in ("loss (cross_entropy)", "accuracy %", "MAE")]
        lengths[lang] = [len(chart.heading(width)) for chart in charts for width in range(10, 80)]
    set_language("en")
    assert lengths["es"] == lengths["en"]


def test_the_label_column_fits_the_longest_spanish_label(spanish):
    longest = max(len(_(spec.label)) for spec in FIELDS)
    assert longest > LABEL_WIDTH - 2  # "conjunto de validación": why the column widens
    assert label_width() == longest + 2


def test_the_label_column_stays_as_it_was_in_english():
    assert label_width() == LABEL_WIDTH


def test_the_setup_form_and_the_progress_panel_in_spanish(spanish, iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            label = row(app, "data.val_split").query_one(Label)
            assert str(label.content) == "conjunto de validación" and label.size.width >= len("conjunto de validación")
            assert app.screen.query_one(PlanPanel).border_title == "Qué significa"
            panel = ProgressPanel()
            await app.screen.mount(panel)
            panel.state.status, panel.state.epochs, panel.state.monitor, panel.state.best = "training", 100, "val_loss", 0.0368
            shown = panel.render().plain
            assert "Época     0/100" in shown and "mejor 0,0368" in shown and "parada temprana desactivada" in shown

    run(scenario())
