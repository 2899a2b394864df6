"""What a notification says, in Latvian and English: the plan code and a link only, never a
student's name, personal code or a note."""

from backend.notifications.models import Language, NotificationKind

_TITLES: dict[NotificationKind, dict[Language, str]] = {
    NotificationKind.plan_awaits_approval: {
        Language.lv: "Plāns {code} gaida jūsu apstiprinājumu",
        Language.en: "Plan {code} awaits your approval",
    },
    NotificationKind.plan_returned: {
        Language.lv: "Plāns {code} atgriezts labošanai",
        Language.en: "Plan {code} was returned for correction",
    },
    NotificationKind.plan_approved: {
        Language.lv: "Plāns {code} apstiprināts nākamajā solī",
        Language.en: "Plan {code} was approved at a further step",
    },
    NotificationKind.plan_active: {
        Language.lv: "Plāns {code} ir apstiprināts un aktīvs",
        Language.en: "Plan {code} is approved and active",
    },
    NotificationKind.evaluation_due: {
        Language.lv: "Plānam {code} tuvojas izvērtēšanas termiņš",
        Language.en: "Plan {code} is due for evaluation",
    },
    NotificationKind.sessions_not_logged: {
        Language.lv: "Plānā {code} 14 dienas nav reģistrēta neviena nodarbība",
        Language.en: "No session logged for 14 days on plan {code}",
    },
    NotificationKind.consent_missing: {
        Language.lv: "Plānam {code} trūkst derīgas piekrišanas",
        Language.en: "Plan {code} has no valid consent",
    },
    NotificationKind.consent_ending: {
        Language.lv: "Plāna {code} piekrišana beidzas ar mācību gadu",
        Language.en: "The consent of plan {code} ends with the school year",
    },
    NotificationKind.student_flagged: {
        Language.lv: "Skolēnam jūsu iestādē ir jauns agrīnās brīdināšanas signāls",
        Language.en: "A student of your school was newly flagged by early warning",
    },
}

_OPEN = {Language.lv: "Atvērt", Language.en: "Open"}
_DIGEST_SUBJECT = {
    Language.lv: "Pumpurs: dienas kopsavilkums ({count})",
    Language.en: "Pumpurs: daily digest ({count})",
}
_DIGEST_INTRO = {
    Language.lv: "Kopš pēdējā kopsavilkuma:",
    Language.en: "Since the last digest:",
}
_FOOTER = {
    Language.lv: "Paziņojumu iestatījumus var mainīt lietotnē Pumpurs.",
    Language.en: "You can change your notification settings in Pumpurs.",
}


def title(kind: NotificationKind, code: str | None, language: Language) -> str:
    return _TITLES[kind][language].format(code=code or "")


def link(base_url: str, plan_id: object | None, student_id: object | None) -> str:
    base = base_url.rstrip("/")
    if plan_id is not None:
        return f"{base}/plans/{plan_id}"
    if student_id is not None:
        return f"{base}/students/{student_id}"
    return f"{base}/notifications"


def single(language: Language, line: str, url: str) -> tuple[str, str]:
    subject = f"Pumpurs: {line}"
    body = f"{line}\n\n{_OPEN[language]}: {url}\n\n--\n{_FOOTER[language]}\n"
    return subject, body


def digest(language: Language, lines: list[tuple[str, str]]) -> tuple[str, str]:
    subject = _DIGEST_SUBJECT[language].format(count=len(lines))
    items = "\n".join(f"- {line}\n  {url}" for line, url in lines)
    body = f"{_DIGEST_INTRO[language]}\n\n{items}\n\n--\n{_FOOTER[language]}\n"
    return subject, body
