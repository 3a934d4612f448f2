"""Applications (办件): submission, the state machine, deadlines, progress lookup."""
