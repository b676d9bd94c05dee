#!/usr/bin/env bash
# `make gpu-check`: everything nn-tui must do on a real CUDA GPU, in one go, its output kept under $OUT
# (default gpu-check/): the CUDA tests, the benchmark on the GPU, a real out-of-memory, and the app driven in
# tmux with its progress panel captured. A GPU is often at hand only for minutes: build and test everything
# on the CPU first (`make test`), then run this once. PYTHON: the interpreter that has nn-tui installed.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
OUT=${OUT:-gpu-check}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 NN_TUI_RUNS_DIR="$OUT/runs"
status=0
step() { echo; echo "== $1"; }

step "the machine" | tee "$OUT/machine.txt"
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
  "$PYTHON" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'available', torch.cuda.is_available())"
} 2>&1 | tee -a "$OUT/machine.txt"

step "the CUDA tests (pytest -m gpu)"
"$PYTHON" -m pytest -m gpu tests/gpu -v -p no:cacheprovider 2>&1 | tee "$OUT/tests.txt" || status=1

step "the benchmark on the GPU"
"$PYTHON" -m tui bench --device cuda --repeats 3 2>&1 | tee "$OUT/bench-cuda.txt" || status=1

step "a real out-of-memory: a 2 000 000 x 2 000 000 hidden layer (one line, exit 2 expected)"
"$PYTHON" -m tui train iris --device cuda --set 'model.hidden=[2000000, 2000000]' --no-save 2>&1 | tee "$OUT/oom.txt"
[ "${PIPESTATUS[0]}" = 2 ] || { echo "expected exit 2"; status=1; }

step "the app in tmux at 120x40, training steps-700 on the GPU"
if command -v tmux >/dev/null; then
  tmux kill-session -t gpucheck 2>/dev/null
  tmux new-session -d -s gpucheck -x 120 -y 40 \
    "$PYTHON -m tui steps-700 --set training.device=cuda --set training.epochs=200 --set early_stopping.patience=0; sleep 30"
  sleep 8; tmux send-keys -t gpucheck F5; sleep 10
  tmux capture-pane -p -t gpucheck | tee "$OUT/app-training.txt"
  grep -q "cuda" "$OUT/app-training.txt" || { echo "the progress panel does not name the GPU"; status=1; }
  tmux send-keys -t gpucheck s; sleep 3; tmux send-keys -t gpucheck C-q; sleep 2
  tmux kill-session -t gpucheck 2>/dev/null
else
  echo "tmux is not installed here: skipped"
fi

step "done: exit $status (figures under $OUT/)"
exit $status
