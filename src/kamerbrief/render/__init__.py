"""Renderers read the resolved model and produce one output format each."""
