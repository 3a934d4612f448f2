"""Keeping personal data as a government system must (seed 002 arts. 24, 29, 41-43): keys and
their canaries, rotation, the audit chain, separated administrators, retention, corrections."""
