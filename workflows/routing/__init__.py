"""Routing: 一窗受理, 代办, 转办, 并联 and 一件事一次办 (DOMAIN.md "Levels and routing")."""
