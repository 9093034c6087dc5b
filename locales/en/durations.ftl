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
