"""Scripts that run inside the sandbox next to model-written code (never imported here)."""
