"""The auth feature: its operations, request/response models and presenters."""
