"""tui.text in Spanish: the lecture's PyTorch log lines as printed, their meaning beside them; the rest in Spanish."""

from __future__ import annotations

import subprocess
import sys

from tui.core.config import load_config
from tui.core.events import Diagnosed, Diverged, Finished, Improved, PatienceTicked, RunStarted
from tui.core.presets import resolve_preset
from tui.text.counts import counted
from tui.text.derivation_text import explanation_lines
from tui.text.evaluation_text import score_lines
from tui.text.notices import finished_text, lowered, notice_text, start_text
from tui.training.derivation import Explainer
from tui.training.diagnose import diagnose
from tui.training.trainer import NOT_FINITE


def test_the_lectures_log_lines_stay_as_printed_with_their_meaning_beside(spanish):
    saved = notice_text(Improved(1, "val_loss", None, 0.687613, "/runs/r/best.safetensors"))
    assert saved is not None
    line, meaning = saved.split(" — ")
    assert line == "Validation loss decreased (inf --> 0.687613). Saving model ..."
    assert meaning.endswith("se guarda el modelo")
    assert notice_text(PatienceTicked(4, 3, 10)) == "Trigger times: 3/10 — 3 épocas sin mejora (paciencia 10)"
    assert notice_text(PatienceTicked(2, 1, 10)) == "Trigger times: 1/10 — 1 época sin mejora (paciencia 10)"


def test_the_lectures_log_lines_have_nothing_beside_them_in_english():
    assert notice_text(PatienceTicked(4, 3, 10)) == "Trigger times: 3/10"


def test_counts_use_the_spanish_word_and_group_mark(spanish):
    assert counted(1, "epoch") == "1 época"
    assert counted(40000, "step") == "40.000 pasos"
    assert counted(2, "validation example") == "2 ejemplos de validación"


def test_the_start_line_speaks_the_lectures_spanish(spanish):
    started = RunStarted("steps-700", 35000, 100, 50, 700, 700, "mini-batch", 17154, "cpu", 1, "classification", None, 0, None, "", 1)
    assert start_text(started) == (
        "steps-700: 35.000 de entrenamiento / 100 ejemplos de validación, lote 50 → 700 pasos por época "
        "(descenso de gradiente por mini lotes), 1 época = 700 pasos; 17.154 parámetros en cpu, 1 hilo"
    )


def test_a_divergence_and_the_end_are_translated_sentence_by_sentence(spanish):
    message = (
        f"{NOT_FINITE} The learning rate 0.5 is too large for this problem: try training.lr = 0.05 or a smaller batch than 16. "
        "The best weights so far are kept."
    )
    assert notice_text(Diverged(1, 3, message)) == (
        "Divergió: la pérdida de entrenamiento ya no es un número finito (NaN o inf). La tasa de aprendizaje 0.5 es demasiado "
        "grande para este problema: prueba training.lr = 0.05 o un lote menor que 16. Se conservan los mejores pesos hasta ahora."
    )
    end = finished_text(Finished("diverged", 2, 1, 0.25, "runs/x", "val_loss", 1.5, True, message))
    assert end.startswith("Divergió tras 2 épocas (1,5 s). Mejor época 1: val_loss 0,2500 (restaurada). La pérdida de entrenamiento")
    assert end.endswith("Ejecución guardada en runs/x")
    assert "Diverged" not in end and "The " not in end


def test_a_diagnosis_is_shown_in_spanish_and_kept_english_in_the_event(spanish):
    found = diagnose([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.0] * 6)
    assert found is not None and found.message.startswith("Not learning:")  # what the event carries
    assert notice_text(Diagnosed(6, found.state, found.message)) == (
        "No aprende: la pérdida se queda plana (tasa de aprendizaje demasiado pequeña, o el modelo no puede ajustarse)"
    )


def test_the_derivation_speaks_spanish_and_keeps_the_lectures_numbers(spanish):
    explanation = Explainer(load_config(resolve_preset("worked-example"))).explain(1)
    text = "\n".join(explanation_lines(explanation))
    assert "Paso 1 (época 1, lote 1 de 1): 1 ejemplo, pérdida half_sse, optimizador sgd" in text
    assert "Hacia adelante, capa 1" in text and "Hacia atrás, capa 2 (salida)" in text
    assert "[1.85, 1.48]" in text  # the formulas keep the lecture's decimal point


def test_the_evaluation_table_keeps_its_columns_in_spanish(spanish):
    scores = {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}
    report = {"per_class": [{"class": "a", "support": 4, **scores}], "macro": scores, "weighted": scores, "accuracy": 0.5,
              "baseline": {"predicts": "a", "accuracy": 0.4}}
    head, row, *_, accuracy = score_lines(report)
    assert head.split() == ["clase", "precisión", "recall", "f1", "soporte"]
    assert row.split() == ["a", "0,50", "0,25", "0,33", "4"] and len(row) == len(head)  # the columns line up
    assert accuracy == "accuracy 0,50 (referencia, siempre 'a': 0,40)"


def test_a_training_error_reads_in_spanish_on_the_command_line():
    env = {"NN_TUI_LANG": "es", "PATH": "", "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "tui", "explain", "iris"], check=False, capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 2
    assert "la red tiene" in out.stderr and "explain deriva redes de como mucho" in out.stderr, out.stderr


def test_a_metric_named_inside_a_sentence_keeps_its_capitals_only_where_they_are_a_name():
    assert lowered("Validation loss") == "validation loss"
    assert lowered("MAE de validación") == "MAE de validación" and lowered("F1 de validación") == "F1 de validación"
