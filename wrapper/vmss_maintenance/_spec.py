"""Kept only for code outside the client that still imports it (the emulator, benchmarks/).

The client reads the spec through :mod:`._adapter`; import ``API_VERSION`` from there.
"""

from ._adapter import API_VERSION

__all__ = ["API_VERSION"]
