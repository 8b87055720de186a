"""solver: a self-verifying competitive-programming solver built on the `sandbox` judge."""

__version__ = "0.1.0"
