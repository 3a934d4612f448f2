"""Inquiries, complaints and suggestions (咨询、投诉建议): seed 002 arts. 28-34."""
