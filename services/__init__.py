"""Domain logic shared by the bot, the HTTP API and the CLI. Never imports bot/, api/ or cli/.

Packages by concern, in layers: each imports only those before it (checked by lint-imports in
`make test`, [tool.importlinter] in pyproject.toml):

core → storage | formats | text → letters → monitors → grouping → stats → accounts → notify
→ watch → ingest → delivery → metrics → scheduler

Each package's own docstring says what it promises."""
