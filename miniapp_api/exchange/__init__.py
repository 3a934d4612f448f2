"""The provincial platform's operations on us (signed), and staff implementing its changes."""
