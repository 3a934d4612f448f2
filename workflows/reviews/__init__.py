"""好差评: reviews, invitations to rate, bad-review rectification and published results."""
