# Активные проверки (services/probes). Почему проверка не прошла: check-failure-<значение
# Failure>, аргументы — detail результата. О скором истечении сертификата говорит планировщик;
# $days там число, чтобы выбрать форму множественного числа.

check-failure-unknown = проверка не прошла
check-failure-http_status = HTTP { $status }
check-failure-timeout = нет ответа за { $seconds } с
check-failure-refused = соединение отклонено
check-failure-dns = DNS: имя не найдено
check-failure-connection = { $detail ->
    [disconnected] сервер закрыл соединение, не ответив
    [incomplete_body] ответ оборвался, не дойдя до конца
    [bad_http] ответ не похож на HTTP
    [bad_url] такой адрес не проверить (нужен http://, https:// или tcp://хост:порт)
    [bad_redirect] перенаправление на адрес, по которому не перейти
    [tls_handshake] не удалось установить TLS-соединение
   *[other] соединение не удалось: { $detail }
}
check-failure-keyword_missing = нет слова «{ $keyword }»
check-failure-keyword_found = найдено слово «{ $keyword }»
check-failure-json_mismatch = { $problem ->
    [missing] в JSON нет поля { $field }
    [not_json] ответ не в формате JSON
   *[different] поле JSON { $field } равно { $found }, ожидалось { $expected }
}
check-failure-too_many_redirects = больше { $limit } перенаправлений
check-failure-denied_address = адрес { $address } запрещён для проверок
check-failure-certificate_expired = сертификат истёк { $expired_on }
check-failure-certificate_self_signed = самоподписанный сертификат
check-failure-certificate_hostname = сертификат не подходит для { $host }
check-failure-certificate_invalid = недействительный сертификат: { $detail }

check-certificate-expires = { $days ->
    [0] сертификат истекает сегодня ({ $date })
    [one] сертификат истекает через { $days } день ({ $date })
    [few] сертификат истекает через { $days } дня ({ $date })
   *[many] сертификат истекает через { $days } дней ({ $date })
}
