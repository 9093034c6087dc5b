# Оповещения об ошибках и инцидентах как живые сообщения: заголовки, кнопки, строки,
# которые добавляют правки, экран «Подробности» и ответы на нажатия.

notify-error-regression = 🔁 Регрессия: ошибка была решена и повторилась
notify-error-unmuted = 🔔 Заглушка закончилась: ошибка снова происходит

alert-button-resolve = ✅ Решено
alert-button-details = 📄 Подробности
alert-button-mute-hour = 🔕 1 ч
alert-button-mute-day = 🔕 24 ч
alert-button-mute-rate = 🔕 пока ≤ { $n }/ч
alert-button-ignore = 🙈 Игнорировать
alert-button-reopen = ↩️ Открыть снова
alert-button-pause = ⏸ Пауза мониторинга: { $project }
alert-button-resume = ▶️ Возобновить мониторинг: { $project }

alert-seen = 📈 ×{ $count } с { $first }, последняя в { $last }
alert-did-resolve = ✅ Решено: { $who }, { $at }
alert-did-mute1h = 🔕 Заглушено: { $who }, до { $until }
alert-did-mute24h = 🔕 Заглушено: { $who }, до { $until }
alert-did-muterate = 🔕 Заглушено: { $who }, { $at }, пока не больше { $n } в час
alert-did-ignore = 🙈 Игнорируется: { $who }, { $at }
alert-did-reopen = ↩️ Открыто снова: { $who }, { $at }

alert-incident-silent = ⏱️ Без активности { $silent } (на { $time })
alert-incident-down = ⏱️ Не проходит { $silent } (на { $time })
alert-incident-check-paused = ⏸ Проверка приостановлена в { $time }
alert-incident-recovered = ✅ Восстановлен через { $downtime }, в { $time }
alert-incident-paused = ⏸ Мониторинг приостановлен: { $who }, { $time }

alert-answer-done = Готово
alert-answer-denied = Это могут делать только сопровождающие проекта
alert-answer-gone = Оповещение устарело: ошибки или проекта больше нет

group-status-open = открыта
group-status-resolved = решена
group-status-muted = заглушена
group-status-ignored = игнорируется

details-title = Подробности ошибки — { $project }
details-type = Тип: { $type }
details-message = Сообщение: { $message }
details-severity = Важность: { $severity }
details-status = Статус: { $status }
details-count = Случаев: { $count }
details-first = Впервые: { $time }
details-last = Последний раз: { $time }
details-release = Релиз: { $release }
details-culprit = Где: { $culprit }
details-context = Контекст:
details-stack = Стек вызовов:
details-recent = Последние случаи ({ $count }):
details-file-caption = Полные подробности ошибки (слишком длинные для сообщения)
