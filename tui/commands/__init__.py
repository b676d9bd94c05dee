"""Sub-commands of `nn-tui`, one module each."""
