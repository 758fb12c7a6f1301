"""sheetgen: randomized problem sheets with computed, independently checked answer keys."""

__version__ = "0.1.0"
