"""The snippet library and the citation registry."""
