"""`nn-tui [PRESET]` opens the app on the preset; the app's first frame needs no torch."""

from __future__ import annotations

import subprocess
import sys

from tui.app.app import NNTuiApp
from tui.cli import main


def test_nn_tui_preset_opens_the_app_with_the_preset_and_overrides(monkeypatch, tmp_path):
    opened = {}

    def fake_run(self, *args, **kwargs):
        opened["config"], opened["runs_root"] = self.initial_config, self.runs_root

    monkeypatch.setattr(NNTuiApp, "run", fake_run)
    assert main(["worked-example", "--set", "training.lr=0.5", "--runs-dir", str(tmp_path)]) == 0
    assert opened["config"].name == "worked-example" and opened["config"].training.lr == 0.5
    assert opened["runs_root"] == tmp_path
    assert main(["app", "--device", "cpu"]) == 0
    assert opened["config"].name == "iris" and opened["config"].training.device == "cpu"


def test_a_bad_preset_is_one_clear_line_before_any_screen_opens(monkeypatch, capsys):
    monkeypatch.setattr(NNTuiApp, "run", lambda self, *a, **k: (_ for _ in ()).throw(AssertionError("opened")))
    assert main(["app", "no-such-preset"]) == 2
    assert "no preset named 'no-such-preset'" in capsys.readouterr().err


def test_the_app_and_its_screens_import_no_torch_or_optuna():  # they train in a training process
    code = (
        "import sys, tui.app.app, tui.app.screens.setup, tui.app.screens.training, tui.app.screens.sweep, tui.app.screens.tune, "
        "tui.app.screens.runs, tui.app.screens.explain; assert 'torch' not in sys.modules and 'optuna' not in sys.modules, "
        "sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'optuna'))[:3]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
