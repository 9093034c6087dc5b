# Проект, который зависит от другого (services/accounts/dependencies.py).

# В тревоге о родительском проекте: зависимые, чьи тревоги он заглушил.
alert-also-silent = 🔕 Также молчат: { $names }
alert-also-silent-more = 🔕 Также молчат: { $names } и ещё { $more }

error-depends-self = Проект не может зависеть от самого себя.
error-depends-cycle = Тот проект уже зависит от этого: зависимости не могут идти по кругу.

cli-depends-on = Проект «{ $name }» теперь зависит от «{ $parent }»: пока «{ $parent }» лежит, сбои «{ $name }» перечисляются в его тревоге.
cli-depends-none = Проект «{ $name }» больше ни от кого не зависит.
