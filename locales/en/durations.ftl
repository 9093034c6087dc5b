silence-timeout = { $unit ->
    [day] { $n ->
        [1] a day
       *[other] { $n } days
    }
    [hour] { $n ->
        [1] an hour
       *[other] { $n } hours
    }
    [minute] { $n ->
        [1] a minute
       *[other] { $n } minutes
    }
   *[second] { $n ->
        [1] a second
       *[other] { $n } seconds
    }
}

duration-days = { $n } d
duration-hours = { $n } h
duration-minutes = { $n } min
duration-seconds = { $n } s

# Durations as people type them (services/text/durations.py): named in every refusal of one.
-duration-forms = 90s, 15m, 1h30m, 2d, 15 min, 2 hours, 1 day; in Russian too: 15 мин, 2 ч, 1 д
