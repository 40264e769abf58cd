"""The timeline's API: events, and the TimelineJS document of the published ones."""
