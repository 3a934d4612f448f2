"""The region tree (province → village), supervision scopes by region, and cases forwarded up a
level (转报). The tree's codes and their rules are in models/regions.py."""
