# Задача 29: настройка страниц статуса (services/accounts/status_pages.py, cli/status_pages.py,
# bot/dialogs/status_pages.py) и строка значков в карточке проекта.

command-statuspage = Публичные страницы статуса

# Бот: /statuspage
statuspage-list = 📄 <b>Страницы статуса</b>
    Страница статуса показывает всем, у кого есть ссылка, работают ли ваши проекты и их аптайм. Токенов и текстов ошибок там нет.
statuspage-empty = У вас пока нет страниц статуса.
statuspage-line = • <b>{ $title }</b>: { $url }
statuspage-view =
    📄 <b>{ $title }</b>
    🔗 { $url }
    Проекты: { $projects }
    Число ошибок: { $errors }
statuspage-errors-on = показывается (только сколько, без текстов)
statuspage-errors-off = скрыто
statuspage-delete-confirm = Удалить страницу <b>{ $title }</b>? Адрес { $url } сразу перестанет открываться.
statuspage-choose-projects = Какие проекты покажет новая страница? Нажмите их в том порядке, в каком они будут на странице, затем «Дальше».
statuspage-ask-slug = Напишите адрес страницы: от 2 до 64 строчных латинских букв, цифр и дефисов, например <code>shop-status</code>. Страница откроется по /status/<i>адрес</i>.
statuspage-ask-title = Напишите заголовок страницы или возьмите заголовком её адрес <code>{ $slug }</code>.
btn-statuspage-new = ➕ Новая страница
btn-statuspage-errors-on = 🔢 Показывать число ошибок
btn-statuspage-errors-off = 🙈 Скрыть число ошибок
btn-statuspage-delete = 🗑 Удалить страницу
btn-statuspage-delete-yes = 🗑 Да, удалить
btn-statuspage-next = Дальше ➡️
btn-statuspage-title-slug = Заголовок — как адрес

# Отказы (бот и командная строка)
error-slug-length = Адрес должен быть длиной от 2 до 64 символов.
error-slug-invalid = В адресе можно использовать только строчные латинские буквы a-z, цифры и дефис (-).
error-slug-taken = Страница с таким адресом уже есть — выберите другой.
error-page-title-empty = Заголовок не может быть пустым.
error-page-title-too-long = Заголовок длиннее 200 символов — сократите его.
error-page-no-projects = Выберите для страницы хотя бы один проект.
error-page-too-many-projects = На странице статуса помещается не больше 50 проектов.
error-page-not-found = Страницы статуса с таким адресом нет.
error-page-not-yours = Это не ваша страница статуса, или вы больше не видите всех её проектов.
error-status-page-slug-needed = Укажите страницу: --slug S (или --list, чтобы увидеть все).

# Командная строка: main.py status-page
cli-status-page-created = Страница статуса «{ $slug }» создана: { $url }
cli-status-page-updated = Страница статуса «{ $slug }» изменена: { $url }
cli-status-page-deleted = Страница статуса «{ $slug }» удалена.
cli-status-page-none = Страниц статуса пока нет.
cli-status-page-line = { $url } — { $title }: { $projects }

# Карточка проекта: значки для README (docs/badges.md)
card-badges = 🏷 Значки: { $badge_url } · { $uptime_badge_url }
