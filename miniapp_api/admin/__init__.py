"""The admin feature: its operations, request/response models and presenters."""
