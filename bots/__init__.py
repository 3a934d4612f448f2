"""WeChat webhooks: official account / mini-program customer service, WeChat Work callbacks."""
