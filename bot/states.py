"""Every dialog's states, in one place so dialogs can start each other."""

from aiogram.fsm.state import State, StatesGroup


class Menu(StatesGroup):
    main = State()
    help = State()


class Language(StatesGroup):
    choose = State()


class Timezone(StatesGroup):
    ask = State()


class AddProject(StatesGroup):
    name = State()
    type = State()
    url = State()
    check = State()  # websites and APIs with a URL: probe it, and how often
    keyword = State()  # only when a check was chosen
    timeout = State()
    confirm = State()


class Projects(StatesGroup):
    list = State()
    card = State()
    token = State()
    rotate = State()
    settings = State()
    rename = State()
    url = State()
    timeout = State()
    origins = State()
    delete = State()
    invite = State()
    invite_ready = State()
    access = State()
    revoke = State()
    cancel_link = State()
    checks = State()
    check = State()
    check_interval = State()
    check_delete = State()
    check_url = State()
    check_new_interval = State()
    schedule = State()
    schedule_zone = State()
    schedule_grace = State()
    schedule_confirm = State()
    schedule_timeout = State()
    maintenance = State()
    maintenance_weekly = State()
    depends = State()  # which project this one depends on
    escalation = State()
    escalation_after = State()
    escalation_chat = State()
    escalation_mention = State()


class Subscribe(StatesGroup):
    project = State()
    options = State()


class Unsubscribe(StatesGroup):
    project = State()
    confirm = State()


class Stats(StatesGroup):
    project = State()
    view = State()


# Issue 29: /statuspage (bot/dialogs/status_pages.py).
class StatusPages(StatesGroup):
    list = State()
    page = State()
    delete = State()
    projects = State()  # a new page: which projects
    slug = State()
    title = State()


class ApiKeys(StatesGroup):
    """/apikeys (issue 29): the management API's keys."""

    list = State()
    name = State()
    read_only = State()
    project = State()
    revoke = State()
