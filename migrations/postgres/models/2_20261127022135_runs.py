from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "projects" ADD "run_deadline_at" TIMESTAMPTZ;
        ALTER TABLE "projects" ADD "run_started_at" TIMESTAMPTZ;
        CREATE INDEX IF NOT EXISTS "idx_projects_run_dea_73eac3" ON "projects" ("run_deadline_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_projects_run_dea_73eac3";
        ALTER TABLE "projects" DROP COLUMN "run_deadline_at";
        ALTER TABLE "projects" DROP COLUMN "run_started_at";"""


MODELS_STATE = (
    "eJztXW1z2zYS/iscfrJnfDlbfr2bXm/kxGl8je1OrN51msmwEAlLPFOACoJ+mTb/vQD4Ch"
    "KkSVqiKAYfMrGAXYp8FgSeXSxWf5gL7EDPf3NBCCaf4BITav7T+MNEYAHZH6ruPcMEy2Xa"
    "yRsomHpCHnJBiwhJ0QOmPiXA5le9A54PWZMDfZu4S+pixFpR4Hm8EdtM0EWztClA7u8BtC"
    "ieQTqHhHV8/sKaXeTAJ+jzj5/NJcH/hza1XId/GYE2dB+gYwFqfuGyy3vrzoWeIz1TKCva"
    "Lfq8FG3n7uwS0fdClt/N1LKxFyxQKr98pnOMEgUXCSRmEEECKOTfQEnAH4/ffQRH/MThk6"
    "Qi4SNkdBx4BwKPZuCYWmmbaVnXNxPr9mJiWWYDAG2MOPjsVn0BwIzfwt/+MRodHp6O9g9P"
    "zo6PTk+Pz/bPmKy432LX6dfwZlK0wksJzC5/uLye8BvCzMKh/XnDV6EDKAi1hKVS9AWABf"
    "zfzgFRox/L5/BnD5bHP0a7ygBxQ2qBdFR2YYIFeLI8iGZ0zj6Ojk8q4P3v+NPbD+NPO0xq"
    "Vwb5OuoahX0c78wbC30fzBQQT+BTyQDPqAwC5QpQJxe/iBG78P3fvSyWO1fjXwTMi+eo5+"
    "PN9Q+xeAb7tx9vznOQ+xTY9xaf5hrBnlNrBX00f3yzyMMHSFz63GRCyeoMYrjLk8pBnTnl"
    "oHxKOSjMKOzrKBvERYz/c3tzrcY4o5KD2HFtavxpeK5fWD+3enhzLKqHd34kc2ywT2dEXE"
    "VcID+8s3ymgP47Bht1F1BtgZxq3gqR7pv4jy0c9lVzzeXVxe1kfPWTZJF348kF7xlJk03c"
    "upN/JZKLGP+7nHww+Efj15vri7zhErnJrya/JxBQbCH8aAEni0ncHDdJhpZprGznUl4qK7"
    "3MT7fAphFFHR0cnR6dHZ4cJcw0aakipCH55Lz/7l7JPSPEihi/xwS6M/QjfBZQX7KbAki5"
    "LEcO0U/plbYM4q/xMIpb02mWgMfEXcqNLoYAe25Iw7V1fPt2/O7CFFBPGYl5BMSxJMx5Dx"
    "7hXEsiW+xajBb5FoAYKXWiB+G3HWH/AQKPzicEIN+Nnr7gsBZk9qq81rmQ5lQsEu/edW3s"
    "sX4r7uqr5oK9CkcUewpUy2ljJK4ZYw3GiOBjE2gjcQ1tDWgJBH44ndVFN9UYIMAnRzUAPj"
    "kqBZh3yQA3p9qaYWuGvTU21QxbM2yzBsMmdAqBci8o7XyJU4diehuol7x6w9tA7PWngd8o"
    "bptoaB5Tg8c8QOK7zZhiRmUImxHrRngBKeDju0lgPKujI+M6Mq55u+btmrf3A+Lt5+2X6M"
    "EVN1Ig7VFPJWN3hUw9um6ODQfCJVut0L3xG32zgH//borp9/9mw4PQf31ns8t//5tB54Aa"
    "MwIYwgZG0Iige2PmDLKCy73sJujwepfhdW6yJuQzll8Nud8stBLxPBzVIJ6Ho1Liybty5A"
    "d7jaCN5bvzm8wHFz5CYnYC8BoyXgjkgFhTRWJRVYhA1hsS7+gkWpCJDrBb8qAV+Ipxfo7Z"
    "cAaoJEggKeYsMGWa6zJBPL90S+fPb24+Skz+/DKfNffz1fkFG/5i9DOhkB8oIIdPS5fx9h"
    "YOlay5An9qe3zbrXOn2IvRxmfOqGn79tm+8QrU3MSyZq+iItf4cWdXG1jHQ3Q8RMdDmsRD"
    "bgI6xU9X0fEWRVhEFtirio5gIVo3OEIgsxmBjoEwde9cG/Au4xG4lCFu3GFi7LB/Dg9iPL"
    "p0vmuw73MfIHk2KBahDXsOlGGS1V24zr4q33MTuCD4RNnSQOFiSfW26qYdpYqoC7Oucm2o"
    "dFtTpSGtDR37rHTOGJTTGHxJrRX8PaPTm0H/nj1tk5hYLD/AXILVBxzVx7/KTzaWnP3aTn"
    "A3cJqUNgrvJgodxneXjIZw0DoZ0KsP8EZMRpF/VDpPZ1W6WyX31ztJv3L3J5vxL/PDAq7V"
    "wQeFeq8iEDrQ9E0EmrSZ82b2IWrzPmfUdLy4z/al0IMzAhZWVAOkufuivoB2ZNo6Mh7wqS"
    "XKKDVh3LLWELJ3O6fdwZTf5xSSZrH1gt6QQijrCq+noK0gwn4rXWzLgK4bZC8Msz7F2eM9"
    "DkWEPbP9UR5bj3YQ1n9SSKcAdpkCKP4vwFpxDjySH1wK4Gh/v0YEg0mVF3rjfbmg3HPfC+"
    "mZWLyGBYjT5tWAWwvbCmgLyOJ72OjgVKIwuJF7MDqrE3sbnZUH33ifjG9AvCboRuJDILX5"
    "kXtUB10uVjF6jwr4ur7FFlD3oWnypKS34dzJZMj3OGVyCXheXEOQU6UOEU5ashA3pVcbwZ"
    "iHiHBALR+yr3eaBOwVmt25Zocn+4XQfdzWj4h9WPOqyTycanRIIaLaQPJkHDf2c3NJxGKS"
    "8gctoqfKC+g4ap/jqA4Ejuci2MLaOdVO7NwloRySmcWb2bx0RU5teEx29cUVBGQtaljk9T"
    "TWL2NNAmSJg7bt6ikUtPVS1ec5jNvrFcuVQl0vWT029yATNb71E0GFrbXyfZ/MCU++Pazg"
    "LeeR3vsfP0EPUPXCqf4hoIFstskRB7kKdHusVDWohwiYXOnvVXilhQWHCFSmwEp7lNJKLk"
    "OECNg29F+JULTlPE4uNUSgonyA5QrmqdvMpYYEVwcZD9EYK897SAfhi9kPVjr265wwXDIf"
    "FyNjZxIl4BmBD4nhOrtGOM04/MAfqKq41OIKigyLz9mzsvwKPD/li8672GDeRWyF4qxQkc"
    "iZUVrXNslQj2OmyN+xe7Gapr1ISh1urRT3VbbmRw51Baw172GJInstKmDJekNKhe14JtFh"
    "mwGGbXQhl/WQIV3IZeCFXDIp/gpfSz4AUO5opTn0tb2sxDfiNTLC+rM2QEZUQ1wqwuIbOy"
    "DyqfaY2zQjOFgamLA/mS5C0NtVOWGr/wKdBd8vbyw5Idf6aN0qZ/s+QK2dsiZOWb89MQ+g"
    "WaD8vfmqHI1UZ3j5GXVSusvzuZXJ3M7CVSTBvJjLHavpROMaicY6ab4bnLVjO0DHtlU+Ql"
    "pRsf3eVaGA40BcM73X15+9PgmzcvczwfRFBzQ15GoPO3/OnauPYx96N26T/h8jYZYPHyBx"
    "qSKYXs6S83odOiEOnAaK2m5pcz83LXQFzk262emBpUXDn/4panY41nnsbBYmZcm2yHb0c7"
    "xrKj1AKq33iNa1ROtaTxvZgdO1ntZU60kxU+htzq3e5hwzsm/PTYWPGfXsVXmXIJXRNbS2"
    "afLcq/AeN/Az7n17r/O7WMe1drGOK3axjgv1wNlL1QDhSHyA6B7UqlR2UFGp7KBYqYx9I4"
    "VIsTjxX3YvcVBSlbx34trU+NPwXH+L1ygVuBwMyTEpVDXNFzDdkz0OfoFzFRfrcjH7+hcW"
    "yUNu"
)
