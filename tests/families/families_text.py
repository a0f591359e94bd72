"""Stub."""
FAMILIES: dict = {}
