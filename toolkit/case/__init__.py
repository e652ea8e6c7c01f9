"""The case file: loading with line marks, the validated model, and its JSON Schema."""
