"""The catalog feature: its operations, request/response models and presenters."""
