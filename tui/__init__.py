"""syria-timeline: a terminal explorer for a sourced timeline of the Syrian war."""

__version__ = "0.1.0"
