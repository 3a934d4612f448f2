"""Booking a window visit (seed 001 §三, seed 002 art. 17): slots, bookings, limits, queue numbers,
reminders and no-shows."""
