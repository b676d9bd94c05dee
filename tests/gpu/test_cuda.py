"""On a CUDA GPU, for real: the device pick, what the progress panel shows, cuda:N bounds, a real out-of-memory,
resume across devices and the training child. Each test skips on a machine without CUDA; `make gpu-check`
runs them (docs/DESIGN.md §Speed)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch

from tests.cli.helpers import assert_one_clear_line, run_cli
from tests.factories import tiny_config, with_changes
from tui.core.errors import ConfigError
from tui.core.events import Finished, Progress, RunStarted
from tui.core.vocabulary import COMPLETED
from tui.runs.listing import list_runs
from tui.training.device import pick_device
from tui.training.trainer import Trainer

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]


def test_auto_picks_the_gpu():
    assert pick_device("auto").type == "cuda"


def test_a_cuda_index_beyond_the_machine_names_the_ones_there():
    count = torch.cuda.device_count()
    with pytest.raises(ConfigError, match=rf"has {count} CUDA GPU\(s\): cuda:0 … cuda:{count - 1}"):
        pick_device(f"cuda:{count}")


def test_a_run_trains_on_the_gpu_and_reports_its_name_and_memory():
    events = list(Trainer(tiny_config(epochs=3, device="cuda")).run())
    started = next(e for e in events if isinstance(e, RunStarted))
    assert started.device.startswith("cuda") and started.device_name == torch.cuda.get_device_name(0)
    memory = [e.device_memory for e in events if isinstance(e, Progress)]
    assert memory and all(m is not None and m > 0 for m in memory)
    assert isinstance(events[-1], Finished) and events[-1].reason == COMPLETED


def test_gpu_and_cpu_curves_agree_within_float_tolerance():
    def losses(device: str) -> list[float]:
        return [e.train_loss for e in Trainer(tiny_config(epochs=5, device=device)).run() if hasattr(e, "train_loss")]

    assert losses("cuda") == pytest.approx(losses("cpu"), rel=1e-3, abs=1e-4)


def test_a_real_out_of_memory_is_one_line_naming_the_model(capsys, tmp_path):
    # 4 × 10^12 parameters: no GPU holds them; the allocation itself fails, nothing is simulated.
    code, err = run_cli(capsys, "train", "iris", "--device", "cuda", "--set", "model.hidden=[2000000, 2000000]",
                        "--runs-dir", str(tmp_path))
    assert_one_clear_line(code, err, "model.hidden", "does not fit in memory on cuda")


def test_a_gpu_run_resumes_on_the_cpu_and_back(capsys, tmp_path):
    def train(*args: str) -> None:
        code = run_cli(capsys, "train", *args, "--runs-dir", str(tmp_path), "--quiet")[0]
        assert code == 0

    train("iris", "--device", "cuda", "--set", "training.epochs=3", "--set", "early_stopping.patience=0")
    run_dir = list_runs(tmp_path)[0].path
    train("--resume", str(run_dir), "--device", "cpu", "--set", "training.epochs=6")
    train("--resume", str(run_dir), "--device", "cuda", "--set", "training.epochs=9")
    rows = (run_dir / "metrics.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == [str(epoch) for epoch in range(1, 10)]


def test_the_training_child_trains_on_the_gpu(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tui", "train", "iris", "--device", "cuda", "--jsonl", "-",
                           "--no-save", "--quiet"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert events[0]["device"].startswith("cuda") and events[0]["device_name"]


def test_a_model_moved_between_devices_keeps_its_weights():
    config = tiny_config(epochs=2, device="cuda")
    trainer = Trainer(config)
    list(trainer.run())
    state = trainer.state_dict()
    resumed = Trainer(with_changes(config, training={"device": "cpu"}))
    resumed.setup()
    resumed.load_state_dict(state)
    for mine, theirs in zip(resumed.model.parameters(), trainer.model.parameters()):
        assert torch.equal(mine.detach().cpu(), theirs.detach().cpu())
