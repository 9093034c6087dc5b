# Активные проверки в боте: шаг /addproject, который предлагает проверку, сводка на карточке
# и экраны проверок проекта (bot/dialogs/projects/checks.py).

add-check =
    🌐 Проверять <b>{ $url }</b> отсюда?
    Монитор открывает адрес с выбранным интервалом и сообщает после { $confirm ->
        [one] { $confirm } неудачной проверки подряд
       *[other] { $confirm } неудачных проверок подряд
    } (нет ответа или статус вне 200–399).
add-keyword =
    🔎 Слово или фраза, которые должны быть на странице (необязательно), например строка из подвала сайта.
    Пришлите её или пропустите: тогда проходит любой ответ с хорошим статусом.
add-confirm-check = 🌐 Проверка: { $check_every }
add-confirm-keyword = 🔎 Ключевое слово: { $keyword }
btn-no-check = 🚫 Не проверять

check-every = раз в { $interval }
check-icon = { $state ->
    [up] ✅
    [down] ❌
    [paused] ⏸
   *[new] 🆕
}
check-state = { $state ->
    [up] ✅ работает
    [down] ❌ не проходит
    [paused] ⏸ на паузе
   *[new] 🆕 новая
}
check-result-http = HTTP { $status } · { $ms } мс
check-result-tcp = подключение · { $ms } мс
check-result-none = проверок ещё не было
check-line = { $icon } { $url } · { $every } · { $result }
check-button = { $icon } { $url }

card-checks =
    🌐 Проверки:
    { $checks }
card-checks-more = …и ещё { $more_checks } в разделе 🌐 Проверки.

checks-list = 🌐 <b>Проверки проекта { $name }</b>
checks-lines = { $lines }
checks-more = …и ещё { $more }: кнопки ниже ведут ко всем.
checks-none = Проверок пока нет. Проверка открывает сайт или API либо подключается к порту с заданным интервалом и сообщает, если что-то не так.
check-view =
    🌐 <b>Проверка проекта { $name }</b>
    🔗 { $url }
    📊 Состояние: { $state }
    🔁 Проверяется { $every }, таймаут { $timeout }
check-view-expected = 🎯 Ожидается: HTTP { $expected }
check-view-keyword = 🔎 Должно быть на странице: { $keyword }
check-view-keyword-absent = 🔎 Не должно быть на странице: { $keyword }
check-view-last = 🕐 Последняя проверка: { $last_at } — { $result }
check-view-never = 🕐 Последняя проверка: ещё не было
check-view-certificate = 🔒 Сертификат действителен до { $certificate }
check-interval =
    🔁 Как часто проверять <b>{ $url }</b>?
    Сейчас: { $every }. Новый интервал действует со следующей проверки.
check-delete-confirm =
    🗑 Удалить проверку <b>{ $url }</b>?
    Её результаты удаляются вместе с ней; оповещение о текущем сбое сохранит последний текст.
check-new-url =
    ➕ <b>Новая проверка проекта { $name }</b>
    Пришлите адрес: https://… для сайта или API (проходит статус 200–399), tcp://хост:порт для порта.
check-new-interval = 🔁 Как часто проверять <b>{ $url }</b>?

btn-checks = 🌐 Проверки
btn-add-check = ➕ Добавить проверку
btn-check-interval = 🔁 Интервал
