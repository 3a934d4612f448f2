"""The composition root: builds the server, the worker and the demo from settings.

The only package that may import every other one; `python -m miniapp_api` delegates here.
"""
