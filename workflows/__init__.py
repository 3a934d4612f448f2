"""The domain rules: case lifecycle, booking, tickets, reviews, supervision, working days."""
