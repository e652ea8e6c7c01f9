"""Each module assembles one kind of document from a validated case."""
