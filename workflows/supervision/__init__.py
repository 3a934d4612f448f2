"""Electronic supervision (电子监察): the one Deadline table, yellow and red cards, urging, and the
staff queues read from it."""
