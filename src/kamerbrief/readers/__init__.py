"""Readers turn source files into the document model, once."""
