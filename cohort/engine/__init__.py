"""The engine: state block, daily phases, compiled kernels and the Mesa model."""
