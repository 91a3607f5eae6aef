"""The eleventh corpus's registry; the Doc and Registry are the ninth corpus's (tests/dlp_blind9/build.py)."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc, Registry

REGISTRY = Registry("b11")
template = REGISTRY.template

__all__ = ["Doc", "REGISTRY", "template"]
