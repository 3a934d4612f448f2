"""Uploads, downloads and the material library over HTTP."""
