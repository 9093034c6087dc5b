add-name = ➕ <b>Новый проект</b>

    Как он называется? Пришлите название (до 200 символов).
add-type = Какого он типа?
add-url = Адрес проекта (необязательно), например https://example.com:
add-timeout =
    Через сколько тишины бить тревогу?
    Выберите или пришлите своё: 90 сек, 10 мин, 2 ч, 1 д.
add-confirm =
    Всё верно?

    📝 Проект: { $name }
    🏷️ Тип: { $type }
    🔗 Адрес: { $url }
    ⏱️ Таймаут тишины: { $timeout }
btn-create = ✅ Создать

projects-list = 📋 <b>Проекты</b>
projects-empty = Пока нет ни одного проекта.
project-created = 🎉 Проект создан. Скопируйте токен в своё приложение:
project-card =
    📝 <b>{ $name }</b>
    🏷️ Тип: { $type }
    🔗 Адрес: { $url }
    📊 Статус: { $status }
    ⏰ Последний heartbeat: { $last_beat }
    🔄 Версия: { $version }
    🚨 Ошибок за 24 ч: { $errors_24h }
project-token =
    🔑 Токен проекта <b>{ $name }</b>:
    <code>{ $token }</code>

    Heartbeat через curl:
    <pre>{ $curl }</pre>
    Python SDK:
    <pre>{ $python }</pre>
    Sentry SDK (DSN):
    <code>{ $dsn }</code>
    Ping URL для cron и скриптов:
    <code>{ $ping }</code>
    <pre>{ $crontab }</pre>
project-rotate-confirm =
    🔄 Выпустить новый токен для <b>{ $name }</b>?
    Старый перестанет работать сразу — обновите его во всех приложениях.
project-settings = ⚙️ Настройки проекта <b>{ $name }</b>
settings-rename = Новое название для <b>{ $name }</b>:
settings-url = Новый адрес для <b>{ $name }</b> (сейчас: { $url }):
settings-timeout = Новый таймаут тишины (сейчас: { $timeout }). Например 90 сек, 10 мин, 2 ч, 1 д:
project-delete-confirm =
    🗑 Удалить проект <b>{ $name }</b>?
    Heartbeat, ошибки, подписки и доступы удалятся вместе с ним. Это нельзя отменить.
invite-choose =
    👥 Пригласить в <b>{ $name }</b>.
    Наблюдатель: подписки и статистика. Сопровождающий: ещё настройки и токен.
    Одноразовая ссылка срабатывает один раз в течение недели; остальные — сколько угодно раз за сутки / неделю.
    Открытые ссылки видны в 🔐 Доступ, там же их можно отменить.
invite-ready =
    🔗 Приглашение в <b>{ $name }</b> ({ $role }, { $kind }, до { $expires }):
    { $link }

    Перешлите ссылку коллеге: он откроет бота и получит доступ.
invite-kind-once = одноразовое
invite-kind-day = на сутки
invite-kind-week = на неделю
access-list = 👥 Доступ к <b>{ $name }</b>. Нажмите на человека, чтобы отозвать доступ.
access-nobody = Никто не приглашён — доступ есть только у администраторов.
access-revoke-confirm = Отозвать доступ пользователя { $person } к <b>{ $name }</b>? Его подписка на проект тоже удалится.
access-revoke-links = { $open_links ->
    [one] { $open_links } открытая ссылка-приглашение проекта тоже будет отменена
    [few] { $open_links } открытые ссылки-приглашения проекта тоже будут отменены
   *[many] { $open_links } открытых ссылок-приглашений проекта тоже будут отменены
}: ссылка не привязана к тому, кому её отправили, и любая из них может оказаться у этого человека.
access-revoked = ✅ Доступ отозван. { $cancelled ->
    [0] Открытых ссылок-приглашений не было.
    [one] Вместе с ним отменена { $cancelled } открытая ссылка-приглашение: создайте новую в 👥 Пригласить для тех, кому она ещё нужна.
    [few] Вместе с ним отменены { $cancelled } открытые ссылки-приглашения: создайте новые в 👥 Пригласить для тех, кому они ещё нужны.
   *[many] Вместе с ним отменено { $cancelled } открытых ссылок-приглашений: создайте новые в 👥 Пригласить для тех, кому они ещё нужны.
}
access-links =
    🔗 Открытые ссылки-приглашения (✖️ — отменить):
    { $links }
access-links-more = …и ещё { $more_links }: они появятся здесь, когда ссылки выше отменят или они истекут.
access-no-links = Открытых ссылок-приглашений нет.
access-link = { $number }. { $role }, { $kind }, до { $expires }, автор: { $maker }
link-kind-single = одноразовая
link-kind-reusable = многоразовая
access-link-cancel-confirm =
    Отменить эту ссылку-приглашение в <b>{ $name }</b>?
    { $link }
    У кого она есть, тот больше не сможет по ней войти.
access-link-cancelled = ✅ Ссылка отменена и больше не действует.
access-link-gone = Эта ссылка уже не действует: отменять нечего.

btn-copy-token = 📋 Скопировать токен
btn-copy-link = 📋 Скопировать ссылку
btn-token = 🔑 Токен
btn-rotate = 🔄 Новый токен
btn-rotate-yes = ✅ Да, выпустить
btn-settings = ⚙️ Настройки
btn-pause = ⏸️ Пауза
btn-resume = ▶️ Возобновить
btn-invite = 👥 Пригласить
btn-access = 🔐 Доступ
btn-delete = 🗑 Удалить
btn-delete-yes = 🗑 Да, удалить
btn-rename = ✏️ Название
btn-url = 🔗 Адрес
btn-timeout = ⏱️ Таймаут
btn-clear-url = 🚫 Без адреса
btn-revoke-yes = ✅ Отозвать
btn-cancel-link = ✖️ Отменить ссылку { $number }
btn-cancel-link-yes = ✅ Да, отменить
btn-invite-viewer-once = 👀 Наблюдатель · 1 раз
btn-invite-maintainer-once = 🛠 Сопровождающий · 1 раз
btn-invite-viewer-day = 👀 Наблюдатель · сутки
btn-invite-maintainer-day = 🛠 Сопровождающий · сутки
btn-invite-viewer-week = 👀 Наблюдатель · неделя
btn-invite-maintainer-week = 🛠 Сопровождающий · неделя
btn-origins = 🌐 Страницы в браузере
btn-any-origin = 🌐 Любые страницы
origins-any = любые страницы
settings-origins =
    🌐 Страницы, которым можно присылать отчёты о <b>{ $name }</b> из браузера (сейчас: { $origins }).
    Пришлите их источники через запятую, например <code>https://shop.example, https://*.shop.example</code>. Остальные страницы получат отказ; серверов и cron-задач это не касается.
