"""The booking feature: its operations, request/response models and presenters."""
