"""The tickets feature: its operations, request/response models and presenters."""
