cli-project-created =
    Project "{ $name }" created (id { $id }, type { $type }, silence timeout { $timeout } s).

    Project token: { $token }
cli-project-created-scheduled =
    Project "{ $name }" created (id { $id }, type { $type }).
    { $schedule }

    Project token: { $token }
cli-snippet-curl-heartbeat = Heartbeat with curl:
cli-snippet-curl-error = Error with curl:
cli-snippet-python = Python SDK:
cli-subscribed = Chat { $chat_id } is subscribed to project "{ $name }".
cli-already-subscribed = Chat { $chat_id } was already subscribed to project "{ $name }".
cli-admin-added = User { $telegram_id } is now an admin.
cli-no-projects = No projects yet. Add one: { $command } add-project --name "My project" --type bot
cli-project-line = { $id }. { $name } [{ $type }] — { $health }, last heartbeat: { $last_seen }
cli-migrated = Applied migrations: { $names }
cli-nothing-to-migrate = The database is up to date.
cli-never = never
cli-snippet-sentry-dsn = DSN for any Sentry SDK:
cli-snippet-ping-url = Ping URL for cron jobs and scripts:
cli-snippet-crontab = A crontab example:
cli-error = error: { $problem }
cli-setting-missing = { $name } is not set: put it in the environment or in .env
cli-database-unavailable = the database is unavailable, retry later: { $detail }
cli-admin-removed = User { $telegram_id } is no longer an admin. Subscriptions stopped because their maker lost access: { $stopped }.
cli-admin-was-not = User { $telegram_id } was not an admin added with add-admin. Subscriptions stopped because their maker lost access: { $stopped }.
cli-admin-in-settings = User { $telegram_id } is listed in ADMIN_IDS and stays an admin: remove the id there and restart.
cli-origins-set = Project "{ $name }" takes browser reports only from: { $origins }.
cli-origins-any = Project "{ $name }" takes browser reports from any page.
cli-check-added = Check { $id } added to project "{ $name }": { $url } every { $interval } s. It is probed now.
cli-no-checks = No checks yet. Add one: { $command } add-check --project "My project" --url https://example.com
cli-check-line = { $id }. { $name }: { $url } every { $interval } s — { $state }, last probe: { $last_checked } ({ $last_ms } ms)
cli-check-deleted = Check { $id } ({ $url }) is deleted.
