"""The Telegram bot: a thin adapter over services/."""
