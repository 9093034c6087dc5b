cli-project-created =
    Проект «{ $name }» создан (id { $id }, тип { $type }, таймаут тишины { $timeout } с).

    Токен проекта: { $token }
cli-project-created-scheduled =
    Проект «{ $name }» создан (id { $id }, тип { $type }).
    { $schedule }

    Токен проекта: { $token }
cli-snippet-curl-heartbeat = Heartbeat через curl:
cli-snippet-curl-error = Ошибка через curl:
cli-snippet-python = Python SDK:
cli-subscribed = Чат { $chat_id } подписан на проект «{ $name }».
cli-already-subscribed = Чат { $chat_id } уже подписан на проект «{ $name }».
cli-admin-added = Пользователь { $telegram_id } теперь администратор.
cli-no-projects = Проектов пока нет. Добавьте: { $command } add-project --name "Мой проект" --type bot
cli-project-line = { $id }. { $name } [{ $type }] — { $health }, последний heartbeat: { $last_seen }
cli-migrated = Применены миграции: { $names }
cli-nothing-to-migrate = База данных уже в актуальном состоянии.
cli-never = никогда
cli-snippet-sentry-dsn = DSN для любого Sentry SDK:
cli-snippet-ping-url = Ping URL для cron и скриптов:
cli-snippet-crontab = Пример для crontab:
cli-error = ошибка: { $problem }
cli-setting-missing = { $name } не задан: укажите его в окружении или в .env
cli-database-unavailable = база данных недоступна, повторите позже: { $detail }
cli-admin-removed = Пользователь { $telegram_id } больше не администратор. Остановлено подписок, чей автор потерял доступ: { $stopped }.
cli-admin-was-not = Пользователь { $telegram_id } не был администратором, добавленным через add-admin. Остановлено подписок, чей автор потерял доступ: { $stopped }.
cli-admin-in-settings = Пользователь { $telegram_id } указан в ADMIN_IDS и остаётся администратором: уберите его оттуда и перезапустите.
cli-origins-set = Проект «{ $name }» принимает отчёты из браузера только со страниц: { $origins }.
cli-origins-any = Проект «{ $name }» принимает отчёты из браузера с любых страниц.
cli-check-added = Проверка { $id } добавлена в проект «{ $name }»: { $url } каждые { $interval } с. Первая проверка — сейчас.
cli-no-checks = Проверок пока нет. Добавьте: { $command } add-check --project "Мой проект" --url https://example.com
cli-check-line = { $id }. { $name }: { $url } каждые { $interval } с — { $state }, последняя проверка: { $last_checked } ({ $last_ms } мс)
cli-check-deleted = Проверка { $id } ({ $url }) удалена.
