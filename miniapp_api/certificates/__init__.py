"""Electronic certificates: the holder's list and PDF, public verification, revocation."""
