add-name = ➕ <b>Новый проект</b>

    Как он называется? Пришлите название (до 200 символов).
add-type = Какого он типа?
add-url = Адрес проекта (необязательно), например https://example.com:
add-timeout =
    Через сколько тишины бить тревогу?
    Выберите или пришлите своё: 90s, 10m, 2h, 1d.
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
    ⏱️ Таймаут тишины: { $timeout }
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
settings-timeout = Новый таймаут тишины (сейчас: { $timeout }). Например 90s, 10m, 2h, 1d:
project-delete-confirm =
    🗑 Удалить проект <b>{ $name }</b>?
    Heartbeat, ошибки, подписки и доступы удалятся вместе с ним. Это нельзя отменить.
invite-choose =
    👥 Пригласить в <b>{ $name }</b>.
    Наблюдатель: подписки и статистика. Сопровождающий: ещё настройки и токен.
    Ссылка одноразовая или действует сутки / неделю.
invite-ready =
    🔗 Приглашение в <b>{ $name }</b> ({ $role }, { $kind }):
    { $link }

    Перешлите ссылку коллеге: он откроет бота и получит доступ.
invite-kind-once = одноразовое
invite-kind-day = на сутки
invite-kind-week = на неделю
access-list = 👥 Доступ к <b>{ $name }</b>. Нажмите на человека, чтобы отозвать доступ.
access-nobody = Никто не приглашён — доступ есть только у администраторов.
access-revoke-confirm = Отозвать доступ пользователя { $person } к <b>{ $name }</b>? Его подписка на проект тоже удалится.

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
btn-invite-viewer-once = 👀 Наблюдатель · 1 раз
btn-invite-maintainer-once = 🛠 Сопровождающий · 1 раз
btn-invite-viewer-day = 👀 Наблюдатель · сутки
btn-invite-maintainer-day = 🛠 Сопровождающий · сутки
btn-invite-viewer-week = 👀 Наблюдатель · неделя
btn-invite-maintainer-week = 🛠 Сопровождающий · неделя
