"""A stop during set-up ends the training process even when the set-up does not look at signals (C code such as
pyarrow parsing a large file, here a main thread with the signal blocked): after a grace period, its empty run folder
removed."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_a_set_up_deaf_to_the_stop_signal_is_ended_after_the_grace_period(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    script = textwrap.dedent(f"""
        import signal, threading, time
        from pathlib import Path
        from tui.worker import child
        child.SET_UP_GRACE = 0.5
        signal.pthread_sigmask(signal.SIG_BLOCK, {{signal.SIGTERM}})  # the set-up never sees the signal
        setting_up = threading.Event()
        setting_up.set()
        threading.Thread(target=child.interrupt_set_up, args=(setting_up, [Path({str(folder)!r})])).start()
        time.sleep(60)
        print("still running")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=50)
    assert done.returncode == 0 and "still running" not in done.stdout, done.stderr
    assert not folder.exists()


def test_a_set_up_that_ended_is_left_alone(tmp_path):
    from tui.worker import child

    setting_up = __import__("threading").Event()
    child.interrupt_set_up(setting_up, [tmp_path])  # nothing setting up: no signal, no timer
    assert tmp_path.exists()
