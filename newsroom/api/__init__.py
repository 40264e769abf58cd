"""The REST API's shared parts: errors, permissions, pagination, limits, the editorial viewset."""
