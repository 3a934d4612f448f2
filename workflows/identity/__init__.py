"""Identity: assurance levels L0..L3 and the steps that reach them (seeds 002 art. 38, 003, 004)."""
