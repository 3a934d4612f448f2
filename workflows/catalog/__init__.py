"""The service catalog: items and guides, their versions, and Chinese search."""
