"""Domain logic shared by the bot, the HTTP API and the CLI. Never imports bot/, api/ or cli/."""
