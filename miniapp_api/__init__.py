"""HTTP for the mini-app and for staff: app factory, routes per feature, auth, errors, OpenAPI."""
