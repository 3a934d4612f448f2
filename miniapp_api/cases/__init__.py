"""The cases feature: its operations, request/response models and presenters."""
