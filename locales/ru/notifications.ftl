# The seed's three notifications, word for word, plus recovery.
# Every variable holding user text arrives already HTML-escaped.

notify-heartbeat =
    ✅ Проект активен

    📝 Проект: { $project }
    🏷️ Тип: { $type }
    📊 Статус: { $status }
    🔄 Версия: { $version }
    ⏰ Время: { $time }

notify-heartbeat-extra = 📋 Дополнительная информация:

notify-silence =
    ❌ Внимание! Проект не отвечает

    📝 Проект: { $project }
    🏷️ Тип: { $type }
    ⚠️ Статус: Нет активности более { $timeout }
    ⏰ Последняя активность: { $last_seen }

notify-recovery =
    ✅ Проект снова отвечает

    📝 Проект: { $project }
    🏷️ Тип: { $type }
    ⏱️ Без активности: { $downtime }
    ⏰ Время: { $time }

notify-error =
    🚨 Новая ошибка в проекте

    Проект: { $project }
    Тип: { $type }
    Сообщение: { $message }
    Важность: { $severity }
    Время: { $time }

notify-error-context = Контекст:
notify-error-stack = Стек вызовов:
notify-more-items = … и ещё { $count }
notify-no-version = —
notify-cut-marker = … (обрезано)

notify-run-failed =
    ❌ Запуск завершился с ошибкой

    📝 Проект: { $project }
    🏷️ Тип: { $type }
    🔢 Код выхода: { $exit_code }
    ⏱️ Длительность: { $duration }
    ⏰ Время: { $time }
notify-run-log = 📋 Лог:
notify-run-hung =
    ⏳ Запуск не завершился

    📝 Проект: { $project }
    🏷️ Тип: { $type }
    ▶️ Начат: { $started }
    ⚠️ Нет сигнала об окончании дольше { $timeout }

notify-reminder =
    ⏰ Напоминание: проект всё ещё не отвечает

    📝 Проект: { $project }
    🏷️ Тип: { $type }
    ⏱️ Без активности: { $silent }

notify-digest =
    📰 Ежедневная сводка — { $project }

    📈 Доступность за 24 ч: { $uptime }
    🚨 Ошибки за 24 ч: { $errors }
    🆕 Новых групп ошибок: { $new_groups }
notify-digest-top = Самые частые ошибки:

notify-check-down =
    ❌ Проверка не проходит

    📝 Проект: { $project }
    🌐 Адрес: { $url }
    ⚠️ Причина: { $reason }
    ⏱️ Время ответа: { $elapsed } мс
notify-check-up =
    ✅ Проверка снова проходит

    📝 Проект: { $project }
    🌐 Адрес: { $url }
    ⏱️ Недоступен: { $downtime }
    ⏰ Время: { $time }
notify-check-flapping =
    🔁 Проверка то проходит, то нет

    📝 Проект: { $project }
    🌐 Адрес: { $url }

    О каждом переключении больше не сообщаю; напишу, когда состояние продержится час.
notify-check-settled-up =
    ✅ Проверка стабильна: проходит уже час

    📝 Проект: { $project }
    🌐 Адрес: { $url }
notify-check-settled-down =
    ❌ Проверка стабильна, но не проходит уже час

    📝 Проект: { $project }
    🌐 Адрес: { $url }
    ⚠️ Причина: { $reason }
notify-certificate =
    🔐 Скоро истекает сертификат

    📝 Проект: { $project }
    🌐 Адрес: { $url }
    ⏳ { $expiry }
