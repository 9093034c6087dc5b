# A project that stands behind another (services/accounts/dependencies.py).

# On the parent's incident alert: the dependants whose outages it silenced.
alert-also-silent = 🔕 Also silent: { $names }
alert-also-silent-more = 🔕 Also silent: { $names } and { $more } more

error-depends-self = A project cannot depend on itself.
error-depends-cycle = That project already depends on this one: a dependency cannot go round in a circle.

cli-depends-on = Project "{ $name }" now depends on "{ $parent }": while "{ $parent }" is down, the outages of "{ $name }" are listed on its alert.
cli-depends-none = Project "{ $name }" depends on no other project.

# The project's card.
card-depends = 🔗 Depends on: { $depends_on }
card-depends-hidden = 🔗 Depends on a project you cannot see
btn-depends = 🔗 Depends on…
btn-depends-none = 🚫 No dependency
depends-pick =
    🔗 Which project does <b>{ $name }</b> depend on?

    While that project is down, the outages of { $name } are not alerted on their own: its alert lists them ("also silent"). When it is back, { $name } gets its whole timeout before it is alerted.
depends-current = Now: { $depends_on }
