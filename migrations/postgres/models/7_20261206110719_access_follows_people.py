from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "invites" ADD "cancelled_at" TIMESTAMPTZ;
        ALTER TABLE "subscriptions" ADD "stopped_at" TIMESTAMPTZ;
        ALTER TABLE "subscriptions" ADD "stopped_because" VARCHAR(24);
        -- A withdrawn reusable link was marked by used_at; withdrawal has its own column now.
        UPDATE "invites" SET "cancelled_at" = "used_at", "used_at" = NULL
            WHERE NOT "single_use" AND "used_at" IS NOT NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "invites" DROP COLUMN "cancelled_at";
        ALTER TABLE "subscriptions" DROP COLUMN "stopped_at";
        ALTER TABLE "subscriptions" DROP COLUMN "stopped_because";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfTlnxufasuPker3e2K6T+JrYndi9dpp2WIiEJZ4pgAFB27pe/vsBIC"
    "m+gRRJSzTE4kOnMYAFqWfBxb5h8cdoThzkBXvnlBL6lpLQH30N/hhhOEf8H4reXTCCvp/2"
    "iQYGJ54cjsQ4ayoGyg44CRiFNuN9t9ALEG9yUGBT12cuwYLixPMART6hLAAPLpsBghG4df"
    "EUUZ+6mO2BMxJi3gkpAuiRz/X35Xg2Q/MAefco6vVpiJGzJ57rEJs/mM+yuUeE2P0cIouR"
    "KeKDKH/Qp08jn5L/IP5zeX/mAaPffuMNLnbQIwpyAy3XEWM9GDArQAhHI/0769ZFnpPjRD"
    "RStlts4cu2U3d6gdkbOVb86ollEy+c43S8v2AzgpcE4mV46xRhRCFD4gmMhoItOPS8mIsJ"
    "p6JfmA6JfkCGxkG3MPQEcwV19AJp28iyLq9urOvzG8salRifUGQYFTfZBItFw181kABMxS"
    "v89W/j8eHhq/H+4fHrl0evXr18vf9aACf6yl2vvkQvk6IVTSUxu3h7cXkjXojwlRktW9Hw"
    "RdJABiMqyacU/Sw3S2w4m0GqZkKBrMAN/jOL3Eiwr2NH0pDyI/22+mDIHD5aHsJTNuN/Hh"
    "/VYP3vk49n704+7hwfvcgDfhn3jGWXgD6FWqLTAuNk/ADBHb88boAuH1UJr+zL4ztHQQCn"
    "Cohv0GOFLMmQDALlGlBvzn+WwmEeBJ+9LJY7H05+ljDPF3HP+6vLt8nwDPZn769OC5Dboc"
    "dlQCvJkSHpBHksonVBPL+uD/f3G6xrPqpyXcu+PMgBukccsUUblLM0g1jZeZwPmoiPg2rp"
    "cVASHgGDLAxaQbyk6A/gEfG5LrWlEDOXi9tIG2yl8OXpVit+6wL7YACKX1bRo4kuXkL/O4"
    "6cQLlK18tSFvB3YtK95B9bKFvqds2LD+fXNycffshtnd+d3JyLnnFu20xad4ofxXIS8NPF"
    "zTsg/gS/XF2eSzhJwKZUPjEdd/PLSLwTDBmxMHmwoJPFJGlOmnJsTi2ullzOERom689kij"
    "wEg1YWRZFueArYuJECNq5RwMZlBWwecjCsEDPXa/tVFUjX8F1pBv+QPivBLItwxdny+X8z"
    "EtIyuyu1FDVxJ21FMxbH+sr44OjV0evD46OlmrJsqdNOypoItMU3MWllz2RpBii1NuEO4Z"
    "CJl2oHckwxPIjXb85ESxIqnB/1W0KWzuwHOu8HFInZgk5cLtIaTuvN6Vs+28xyQtSJ10Xq"
    "XrjdZ7BqgMzu+Fnnac1nrTOn88Hohop8nqg/d6PmGryI39/eKWPIueSALMZvCEXuFH+PFh"
    "LqC/5SENsq10OcjvFDOtOWQfwlWUZJa/plU/iwTHsorC6OAP/diEWK+cn12cl35yMJ9QTa"
    "dw+QOlYF5sLAVIQrTmOyN99/RB6sUOezuS/vYkN1IHAXBL3MdVkDSh/lTFsrzMswiSVGxi"
    "SztHKLrtw1H8+LLRDDqfxJ4tniSaV1VZVwlSy6VflWy0W+Ot3qyrZDShGXLgHwEQUyVWsX"
    "iBkAxA5IAqJfAxG3C2Sb4CMQfpsAUAQdkRMlpsaEJWlS5ZyrDT5HmXg1TXLTEo/SMrK7Kv"
    "dKEpi0Kz3TroxmshnfotppW6/TV/hqTdBLL2XepMH04NS0RcJwu41hSdKfQNofwN6QYi63"
    "eOVOUAd7lmpIW0EP4NeYskt164mGbP5cwZZxoqktm12CbS3ZjRsgsclWZYKkFt0qIyRjRa"
    "40Q6ohVij3K/R3imzk3keeRj70Uw7uXKfR8bXU8U2+v8n3H1i+P9/27DtLyMBWsBfIhpBd"
    "0Dvyxvrpw/rBjC/iMsb/ur66rLJ+liRF/4FrM/A/4LnB9jqOVcgKLOqXd3El7+adAWKC4v"
    "LO6jMl9FeFZHOkxoujtRfnmYxdzT6v53E0GKezCYdr5kJoEg4viY++/TOaCY9td8+8Q9Bj"
    "sxsKceDGv73koymN2a1z1MzkaGFgxMP799a09sP8WZwwTwztVbtXiKdAtdoYiocbO6iBHY"
    "TRQxto4+EG2gbQUgSDdqcyUooBArz+KisdDmQYu1F/u9HYLsZ20Uy/floq74Y1bMomCCrD"
    "n2nnKp06GvbMkU8T3NQyuLkd9XK2WI+5RzRoeX43QzKEENumEZ4jBsX6bhPuydKYeI+J9x"
    "i93ejtRm/XA+Lt19sv8L0rX6SktMc9tRq7K8c0LU8NHIR8vlvhO/A725ujr76ZEPbtP/ny"
    "oOwf39h8+m9/B2wGGZhSKIpIi+LSMXSKUtRPnm61mWDc63261wXL2iifyfj1KPfPC22+pu"
    "u4geJ5OK6u6Dou+YCJ1wraZHyPdUbvXfSA6KgXgDeQx0URrKoxVXuUJUc3JL2j50yTgL+S"
    "h6xQVZ7wlPDlDHGFkyBHWODAhFNuigWJfOlXnT+9unqf0+RPL4q5oD9+OD3ny1+ufj4o0g"
    "8UkKNH3+V6eweDKk9pKprobE6F3apRhaYQ1Xbw1xbGmed1YnKR1nBaa07HukYHPucotfJ/"
    "XZKHnReGwcbzZTxfxvPVxvP13g0Ywvw3voXKe9py/bt1XjAvGWlNYeO72oCQlACTCXEWIJ"
    "oBOfwlCQhcTxT7AfYM2XeAQgwIBhAvgBuvJ7ADgYN8jyx2AQQ2hcGM/0PhIFv3I37Fwncz"
    "gQECJGQc1hd74CRxqf0lSKeN7oAj2FuIykPRe3CKwHVQVIrI+N809L9Jz2kn/SBPqZV+YN"
    "TAopaAOIRdmJyl64fFptxscw6X9JXn2VWvQjYhjx/iQ++KbTU/oHZfJXJo0/2UivVJkSOK"
    "3Lm3ri2LLIIH6DLOdnBLKNjh/zkiCCRuLn3B9zfPvUeUb1FEhobsGVSGmdY3cZO8NJGzJH"
    "HB6JHxr42huc+WBTnEVLEutRzI/zQpa3qmrGXY1SIkkBINyRrrOR7AZqLwZWvwc2Tm3G9X"
    "9O/4r20Tb0zGDzBPc/3BXHXBiOpaKBXVIrYT3GeoP8Nahc6XBD3Gzn2uogjQelnQG7jXJt"
    "JyFLndlXI6SzKYKpBrq0lb1B1LuNZbegpyY9NrZ/ENPrRj2Fxkc4Bwl+85Q2YitDrzlyEP"
    "TSmcW3HVwPbmi3oCY8h0NWTk/bWyKmsbjTtPNYSTUX2r3RT53sKaQ3qnKr5TfVqqSGdOTH"
    "U/MSXDearS7PXplAlRj6mUy5Ys6mpPsW45lI7LOkt7BbGR9F0lvbZlAofqNn/+vCUtsV+b"
    "EyDEFNmEiqAtNwCcNt4VFekzeln29QE1CCfiPSaItlutJbohhXY2lWiXglZGunWu3XVusi"
    "0Dumm6XWmZ6ZRxl2Q7KrICMomQ1fkAscTffHUYk3bWZ9qZ/H8J1praf/H4wR37HO/vN4is"
    "8FHVV1aIvkKwcKH7lSAjIj/DEsRp83rAbYRtDbQlZMkdalUsZ0kwuJV7MH7dJCY4fl0dFB"
    "R9Bf2Vem3QjYcPwdlWXLlHTdAVw2pW71EJXzew+Abq3rc9MJuje+bzssslr7GLx4fiLGRL"
    "kFMi40ZrgLEIXZGQcWuVP76Vqaug7M80OzzeLxm7SZse9m5U57yNHE4pelQh4nrQeWGcNO"
    "qZ9CJjRMuSlx2iusoJTHxX5/iug6DjuRh14HaBtBc+m/MX3dgsv8z25UoLZMPTZNdfUFNC"
    "1qFuaZHOYL0aaxpiq/sRwTK12ap0lmGCX0/YrhTkZsvSmN0utl1HpAkGLlbdtFrP7TK1+b"
    "i3gttdzwIrJzA83wqeU3TLp509hev5KYxg15jtkSNRWZeyWj3OEQ1PN97I3fAxZu2/qhyh"
    "kaE6f0yDPGbzZ6+g1qJyRiZvVyT3WzL7U+HjOY2p33z/EXmQqZ0MXe6F3Za8pHyOs/iF60"
    "DpI/IJ3cY8uUYwFe6S7Y6V6ibbIQKWvy/sSXil15MNEajMNQ3dUUrvgxgiRNC2UfBEhOIk"
    "xpPlVEMEKs4w9dcgp64zUw0Jrh5yaOM1Vp1Jmy7Clfm0Vrr2m9TZ8hENCAY7N/FRU8CtFw"
    "pc5wWIxIwjyl7BuntbOsygyNn9lK3DKmawkkJYJpP3mTJ5Ey6UpULNCaoM0aYSb4Z/guqW"
    "v4vVNpE6R9Rjss5oU9Bv3slj7tHZcFaUvKqrwz06ebohHa7qWZIYF9cAXVw6HLbV9PMylw"
    "T0byHtbs0lAZlDowpbK3+ktNrQSk9lNraylraRqAYb3WJpQwzim4hzpYgDUaw/sqlEsX7p"
    "kwaEirr9M4gx8l6ojLD1P8Ccq9TLGlvWgupcRGqd0l4HqI1R1sYo09sS8yCehnEJ+eZZvy"
    "nN8LIamhwSrD4hqDwe6MxdRVr1ytOBCZk5utbg6Jo5htnfEcH/EtzuMHyGpkdZ/OPNWVkc"
    "J416Hg4wboMBug06Zcakt7Z0jwyWLokZiOFrIqn6RFJzmFUb90tMV5r3KSPXW5zoU6EOVu"
    "JZMrHO57SuuYprBegeUZe1Sq0u0vWoVjhoEiruiEib9QwJmZt8dIgHtQ3I5ekM/l3xTws8"
    "iJ2njaQpU/Yoa4RneBqlHOZ5ke3QU958Dl3ErBkJVTnL1XAXyIbnX3rZAOiXlTi/LKVSoL"
    "n4We1AzhH1WaLu9ra8lJNGDZ13jsu/sWg1luG9nkPPqxTcBdIBSe7D8avjpawWf9RJ5+sP"
    "J+/fl8VxjE7Hi1jK1Oa8l25Oj/zlb8T3hRKDbHFIr42kUpAOb0sYN/Ejjqv9iOOSHzGBrc"
    "sd5FlK813p/F0Zb/HAGWySzMz1A9uBbk0Kn7l+YEPXDygkxRoQNnmSz5cn+RNk9uzMI/bd"
    "SBFKyfTu1gVSHsQ4y14OXJkneYURoOTha/AwQxiwGQKisB+Qd5DZCNgzZN8BWaJoFxAMIF"
    "4AN15He+Ak7pe5j7I0XQDmoS1L1+aSJTfylF+xxxcoBbckxE7Ui8mEOAt5OR1fvw6fBEwQ"
    "e0D8oTsBoveujYKv4qfu+QuTdaljXEhyu5tqm6PUSrU1FkzLdIhNytoTRF17ppKzcU+tjI"
    "XpGHOFzlCETocKuE8tfqubcCmmHDeJVvBRNSnHpYiF+KhaIBwPHyC6B40uKjqouajooHxR"
    "EX8iU143W33Zb4bkSff86oZ2Dbhru+j3WTezL/8HW9bieg=="
)
