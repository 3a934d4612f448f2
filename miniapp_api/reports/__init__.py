"""The reports feature: its operations, request/response models and presenters."""
