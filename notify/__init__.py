"""The notifier: outbox dispatcher, channels (subscribe message, WeCom card, group robot)."""
