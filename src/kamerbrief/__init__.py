"""kamerbrief: reports to the Tweede Kamer from Markdown chapters and CSV tables."""

__version__ = "0.1.0"
