# Active checks (services/probes). Why a check failed: check-failure-<Failure value>, whose
# arguments are the outcome's detail. The certificate's coming expiry is said by the scheduler;
# $days is a number there, so the plural forms can choose.

check-failure-unknown = the check failed
check-failure-http_status = HTTP { $status }
check-failure-timeout = timeout after { $seconds } s
check-failure-refused = connection refused
check-failure-dns = DNS: name not found
check-failure-connection = { $detail ->
    [disconnected] the server closed the connection without an answer
    [incomplete_body] the answer broke off before its end
    [bad_http] not a valid HTTP answer
    [bad_url] this address cannot be checked (http://, https:// or tcp://host:port)
    [bad_redirect] redirected to an address that cannot be followed
    [tls_handshake] TLS handshake failed
   *[other] connection failed: { $detail }
}
check-failure-keyword_missing = keyword "{ $keyword }" missing
check-failure-keyword_found = keyword "{ $keyword }" found
check-failure-json_mismatch = { $problem ->
    [missing] JSON field { $field } missing
    [not_json] the answer is not JSON
   *[different] JSON field { $field } is { $found }, expected { $expected }
}
check-failure-too_many_redirects = more than { $limit } redirects
check-failure-denied_address = address { $address } is not allowed for checks
check-failure-certificate_expired = certificate expired on { $expired_on }
check-failure-certificate_self_signed = self-signed certificate
check-failure-certificate_hostname = certificate is not valid for { $host }
check-failure-certificate_invalid = invalid certificate: { $detail }

check-certificate-expires = { $days ->
    [0] certificate expires today ({ $date })
    [one] certificate expires in { $days } day ({ $date })
   *[other] certificate expires in { $days } days ({ $date })
}
