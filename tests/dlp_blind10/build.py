"""This corpus's template registry: the ninth corpus's span-keeping Doc and weighted Registry (harness
structure, no templates or values), under its own prefix so its seeds and ids are its own."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc, Registry

REGISTRY = Registry("b10")
template = REGISTRY.template

__all__ = ["Doc", "REGISTRY", "template"]
