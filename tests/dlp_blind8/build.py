"""This corpus's template registry (the text assembly is tests/dlp_eval/templates.py)."""

from __future__ import annotations

from tests.dlp_eval.templates import Doc, Registry

REGISTRY = Registry("b8")
template = REGISTRY.template

__all__ = ["Doc", "REGISTRY", "template"]
