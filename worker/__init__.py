"""The worker process: its resources, the periodic jobs, and the loop that runs them."""
