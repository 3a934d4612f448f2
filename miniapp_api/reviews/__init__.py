"""The reviews feature: its operations, request/response models and presenters."""
