"""Shared parts of the office's letters (Jinja): letter head, signature block, style."""
