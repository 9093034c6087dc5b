"""aiogram-dialog dialogs, one per file (the full set arrives with the Telegram UI issue)."""
