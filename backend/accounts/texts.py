"""The e-mails of password reset and invitation, in Latvian and English."""

from backend.notifications.models import Language

_RESET = {
    Language.lv: (
        "Pumpurs: paroles maiņa",
        "Lai iestatītu jaunu paroli, atveriet saiti (derīga {minutes} minūtes, vienu reizi):\n\n"
        "{url}\n\nJa paroles maiņu nepieprasījāt, šo vēstuli varat neņemt vērā.\n",
    ),
    Language.en: (
        "Pumpurs: password reset",
        "To set a new password, open this link (valid {minutes} minutes, once):\n\n{url}\n\n"
        "If you did not ask for a reset, you can ignore this message.\n",
    ),
}
_INVITATION = {
    Language.lv: (
        "Pumpurs: uzaicinājums",
        "Jums ir izveidots Pumpurs konts. Lai iestatītu paroli, atveriet saiti "
        "(derīga {days} dienas, vienu reizi):\n\n{url}\n",
    ),
    Language.en: (
        "Pumpurs: invitation",
        "An account in Pumpurs was made for you. To set your password, open this link "
        "(valid {days} days, once):\n\n{url}\n",
    ),
}


def reset(language: Language, url: str, minutes: int) -> tuple[str, str]:
    subject, body = _RESET[language]
    return subject, body.format(url=url, minutes=minutes)


def invitation(language: Language, url: str, days: int) -> tuple[str, str]:
    subject, body = _INVITATION[language]
    return subject, body.format(url=url, days=days)
