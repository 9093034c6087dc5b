command-start = Главное меню
command-addproject = Добавить проект
command-listprojects = Список проектов
command-subscribe = Подписаться на уведомления проекта
command-unsubscribe = Отписаться от уведомлений
command-stats = Статистика по проекту
command-help = Помощь
command-language = Язык / Language
command-timezone = Часовой пояс этого чата
option-off = выкл

btn-back = ⬅️ Назад
btn-close = ✖️ Закрыть
btn-skip = Пропустить ➡️
btn-save = 💾 Сохранить

type-bot = Бот
type-website = Сайт
type-api = API
type-service = Сервис
type-cron = Cron-задача
type-other = Другое

status-new = 🆕 ещё не присылал heartbeat
status-up = ✅ работает
status-down = ❌ не отвечает
status-paused = ⏸️ на паузе

severity-debug = debug
severity-info = info
severity-warning = warning
severity-error = error
severity-critical = critical

role-viewer = наблюдатель
role-maintainer = сопровождающий

error-generic = Не получилось. Попробуйте ещё раз.
error-text-expected = Нужен текст — пришлите ответ обычным сообщением.
error-name-empty = Название не может быть пустым.
error-name-too-long = Название длиннее 200 символов — сократите его.
error-name-taken = Проект с таким названием уже есть — выберите другое.
error-project-not-found = Проекта с таким id или названием нет.
error-url-invalid = Это не похоже на адрес: нужен http:// или https://, например https://example.com
error-origins-invalid = Источники пишутся как https://shop.example или https://*.shop.example (схема и хост, без пути), через запятую; «-» — любые страницы.
error-timeout-invalid = Не понимаю длительность. Напишите, например: { -duration-forms }.
error-timeout-range = Таймаут должен быть от 1 секунды до 365 дней.
error-access-denied = Нет доступа к этому проекту.
error-group-admin-only = В группе её настройки меняют только её администраторы: подписки, язык, часовой пояс.
error-bot-state-unavailable = ⚠️ Бот сейчас не может вести диалог: хранилище состояния (Redis) не отвечает. Уведомления продолжают приходить. Попробуйте через несколько минут.
dialog-unavailable = Здесь помешал чужой диалог. Пожалуйста, отправьте команду ещё раз.
error-check-url-invalid = Для проверки нужен адрес http:// или https:// либо tcp://хост:порт, например https://example.com или tcp://db.example:5432
error-interval-invalid = Это не интервал. Напишите, например: { -duration-forms }.
error-interval-range = Интервал должен быть от 5 секунд до 24 часов.
error-check-timeout-range = Таймаут проверки — от 1 до 60 секунд и не больше её интервала.
error-expected-status-invalid = Ожидаемый статус — код или диапазон, например 200 или 200-399.
error-confirm-range = Подтверждение — от 1 до 10 неудач подряд.
error-keyword-too-long = Ключевое слово — не длиннее 256 символов.
error-keyword-on-tcp = Проверка tcp:// только подключается: искать ключевое слово она не может.
error-check-not-found = Такой проверки нет (возможно, её удалили).
error-http-options-on-tcp = Проверка tcp:// только подключается: метод, заголовки, тело, поле JSON и порог медленного ответа — для проверок http(s)://.
error-method-invalid = Метод — GET, HEAD, POST, PUT, PATCH, DELETE или OPTIONS.
error-body-too-long = Тело запроса — не больше 64 КБ.
error-json-field-invalid = Поле JSON — путь через точку, например data.status или items.0.state.
error-header-invalid = Заголовок пишется как Имя: значение, по одному на строку, не больше 20.
error-degraded-invalid = Порог медленного ответа — от 1 до 60 секунд, например 2s.
