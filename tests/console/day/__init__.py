"""A full working day in the console, as reusable browser steps per role (Playwright)."""
