from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "subscriptions" ADD "created_by" BIGINT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "subscriptions" DROP COLUMN "created_by";"""


MODELS_STATE = (
    "eJztXetv27YW/1cEfUqArEuc54ZtF06brumaeGh8d4cVhUZLjM1FJj2KygNb//dL6mGJEq"
    "VIii3LKj8UjclzaOp3KPK8ePyPOScOdL1XF5QS+hEuCGXm98Y/JgZzyP9Qde8ZJlgskk7R"
    "wMDEDeihILRoQBn0gInHKLDFqLfA9SBvcqBnU7RgiGDein3XFY3E5oQIT5MmH6O/fWgxMo"
    "VsBinv+PSZNyPswEfoiY+fzAUlf0GbWcgRX0ahDdE9dCzAzM+CdnFn3SLoOtIzhbRBu8We"
    "FkHbOZpeYvY2oBWzmVg2cf05TugXT2xG8JIB4QCJKcSQAgbFNzDqi8cTs4/giJ84fJKEJH"
    "yEFI8Db4HvshQcEytpMy3rejS2bi7GlmXWANAmWIDPp+oFAEzFFL75bjA4PDwd7B+enB0f"
    "nZ4en+2fcdpgvvmu0y/hZBK0wqECzC5/vrweiwkRLuFQ/qLhS8ADGAi5Akkl6AcA5vB/PQ"
    "NUjX5Mn8GfP1gW/xjtMgHEDYkEklXZhgjm4NFyIZ6yGf84OD4pgfe34cfX74YfdzjVrgzy"
    "ddQ1CPsE3qk3FnoemCogHsPHggWeYukFyiWgji9+D1bs3PP+dtNY7lwNfw9gnj9FPR9G1z"
    "/H5CnsX38YnWcg9xiw7yyxzdWCPcPWCPpo//hqkYf3kCL2VGdDSfP0YrnLm8pBlT3loHhL"
    "OcjtKPzrGF/EeYzf34yu1RinWDIQO8hmxr+Gi7zc+bnVy1tgUb68sytZYEM8NqXBKMEA2e"
    "Wd1mdy6L/hsDE0h2oJZFizUoh4X8V/bOGyL9trLq8ubsbDq18libwZji9Ez0DabOLWnewr"
    "sRzE+N/l+J0hPhp/jK4vsoJb0o3/MMWcgM+IhcmDBZw0JnFz3CQJWlZjZTkX6qUy0/P66R"
    "bINFJRBwdHp0dnhydHS8102VKmkIbKp9D7b++UumeEWB7jt4RCNMW/wKcA6ks+KYCVx3Jk"
    "EP2ajLRlEH+Jl1HcmmyzFDwszaXM6uII8OeGLDxbhzevh28uzADqCVdiHgB1LAlz0UMGJN"
    "OypM13zQfzbAvAXCl1ogcR046wfweBy2ZjCrCHoqfPGaw5mr0yq3UWUAtVLCJv33StbbF+"
    "Lebqi/aCvRJDlLgKVIvVxohca4wVNEYMH+pAG5FraCtASyHwwu2sKroJRw8BPjmqAPDJUS"
    "HAoksGuL6qrTVsrWFvjUy1hq01bLOChk3ZBAJlLCjpfE6nDsl0GKiTevWGw0D89We+V8tv"
    "u+TQekwFPeYeUg/V0xRTLH0IRqwb4TlkQKzvOo7xNI/2jGvPuNbbtd6u9fZuQLz9evslvk"
    "fBRHJKe9RTqrGjgKaaum4ODQfCBT+t8J3xJ3s1h9/+MCHsp//w5UHZjz/YfPif/jTYDDBj"
    "SgFH2CAYGhF0r8yMQFYw3PNmgnavt+leFyKro3zG9KtR7jcLraR4Hg4qKJ6Hg0LFU3RllB"
    "/i1oI2pm/PbjLvEXyA1GwF4DVkvFAoALEmisSiMheBzNcnvaMVb0HKO8Cn5ELL9xTr/Jzw"
    "5QxwgZNAYsxIYMI51yWCeH9pV50/H40+SJr8+WU2a+6/V+cXfPkHq58ThfqBAnL4uEBcb2"
    "9gUMmcK7Cntse23Tpzir8YTWzmFJuWb5flG59A9UUsc3bKK3JNHnZ2tYC1P0T7Q7Q/pI4/"
    "ZOSzCXm8iq63KNwiMsFemXeEBKRVnSMUcplR6BiYMHSLbCC6jAeAGEfcuCXU2OH/HOHEeE"
    "Bstmvw70P3kD4ZjASuDXsGlG6S1Q1cJa4qYm4BLhg+Mn40MDhfMB1W3bShVOJ14dJVng2l"
    "ZmvC1KezoWWblc24BuXUBl9iawR/x9TpzaB/x5+2jk8spu9hLsHqHY7q61/FNxsL7n5tJ7"
    "gbuE3Karl3lwwt+ncXXA0RoLWyoFfv4I00GUX+UeE+nWZp75TcX+8m/cLoTzrjX9YPc7iW"
    "Ox8U7J3yQGhH01fhaNJizorZg7jJ+5xi0/7iLsuXQRdOKZhbUQ2Q+uaLegBtyDQ1ZFzgMS"
    "soo1RH45a5+pC927ra7U/EPCeQ1vOt5/j65EJZl3s9AW0FHvYbabAtA7qqkz23zLrkZ49j"
    "HAoPeyr8UexbjyII678ppFMA20wBDP7PwVpyDzyi710K4GB/v4IHg1MVF3oTfRmn3FPXC+"
    "mZJHgNcxAnzasBtxK2JdDmkCV3sNbFqSVD71buweCsiu9tcFbsfBN9Mr4+deugG5H3QanN"
    "rtyjKugKspLVe5TDF3kWP0DRfd3kSYlvw7mTyyXf4ZTJBRB5cTVBTphaRHjZkoa4rnq1EY"
    "yFi4j4zPIg/3qnjsNewdmeaXZ4sp9z3cdt3fDYhzWv6uzDCUeLKkRUG0jejOPGbgaXAl/M"
    "svxBA++pcgDtR+2yH9WBwHERhg2knWFtRc5tKpR9EnPwZtYvXZFh658mu/riCgFkDWpYZP"
    "k01s9jTX1sBRdtm9VTyHHro6rLe5iQ1wuOKwW7PrI6LO5eJmp87TeCcqG14rhP6oanCA8r"
    "9JbziO/tLx+hC5j64FT/EFBPgm2yx0GuAt0cK1UN6j4CJlf6exFeSWHBPgKVKrDSHKWkkk"
    "sfIQK2Db0XIhSFnIfLofoIVJQPsFjBPnWTGqpPcLWQ8RCtseK8h2QRPpv9YCVrv8oNwwW3"
    "cQk2dsZRAp7he5AayNk1wm3GERf+QFnFpQYjKDIsPqXvyooRRH7KZ513scG8i1gK+V2hJJ"
    "EzxbSuMElfr2MmyN/yuVh1014kphZDK/m4ytb8yKGugLXmGFZQZK9BBSyZr0+psC3vJNpt"
    "00O3jS7ksh5lSBdy6Xkhl1SKv8LWki8AFBtaSQ59ZStraRuJGhlh/VkbYCOqIS4VYfGMHR"
    "DZVHvcbJpS4i8MQvmfnBdj6O6qjLDVf4HOgu+WNba8Idf4at0qd/suQK2NsjpGWbctMRfg"
    "qa/8vfmyHI2Ep3/5GVVSuovzuZXJ3M4cKZJgns3ljtl0onGFRGOdNN8Oztqw7aFh2ygfIa"
    "mo2Dx2lSvg2BPTTMf6uhPrkzArNj+XmD5rgCaCXO1l50+Ze/Wx70NH4zZp/3ElzPLgPaSI"
    "KZzpxVpylq9FI8SBE19R2y1p7mbQQlfg7ELEYgM/mqLx/z6VhmfNa/70Up6zxb1G+C6nYV"
    "KcLIt0Rzf3G23K9NCU0TG6dalIutbWRiKgutbWmmptKXYKHWbe6jDzkBtb9sxU2PhRz16Z"
    "dQ8SGl3DbJs2z70S673BFeSX3j7u2nudjSIeV4oiHpdEEY9z9dj5S1UD4Yi8h+geVKoUd1"
    "BSKe4gXymOfyODWHE4vb8ZXRcYKAlL1jpBNjP+NVzkbfEZpQJXgCEZJrmqstkCsnuyxSEG"
    "OFfpYm0eZl/+Dyj+uag="
)
