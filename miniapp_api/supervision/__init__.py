"""The supervision feature: its operations, request/response models and presenters."""
