"""The outbox: letters written in the same transaction as the event that caused them
(`outbox`), and the last edit of a chat's alerts when it stops hearing (`farewell`). Delivery
to Telegram is services/delivery's.

May import: core, storage, formats, text, models."""
