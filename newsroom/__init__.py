"""The provenance desk project: settings, root URLs, the shared editorial workflow."""
