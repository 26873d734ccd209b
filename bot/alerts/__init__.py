"""Safeguarding alerts: the worker that sends the outbox (email over SMTP, Telegram) and escalates
flags nobody has handled. Run as its own process by `meeting-prep run` and `serve` (`python -m bot.alerts`)."""
