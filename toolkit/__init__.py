"""srkit: editable Word drafts for students who are struggling to attend school."""

__version__ = "0.1.0"
