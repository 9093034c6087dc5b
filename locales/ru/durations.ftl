# "Нет активности более …": the genitive case after «более».
silence-timeout = { $unit ->
    [day] { $n ->
        [1] суток
       *[other] { $n } суток
    }
    [hour] { $n ->
        [1] часа
        [one] { $n } часа
       *[other] { $n } часов
    }
    [minute] { $n ->
        [1] минуты
        [one] { $n } минуты
       *[other] { $n } минут
    }
   *[second] { $n ->
        [1] секунды
        [one] { $n } секунды
       *[other] { $n } секунд
    }
}

# Compact downtime parts: "1 д 2 ч 5 мин", "45 с".
duration-days = { $n } д
duration-hours = { $n } ч
duration-minutes = { $n } мин
duration-seconds = { $n } с

# Длительности, как их пишут люди (services/text/durations.py): в каждом отказе.
-duration-forms = 90 сек, 15 мин, 1 ч 30 мин, 2 часа, 3 дня; можно и по-английски: 90s, 15m, 1h, 2d
