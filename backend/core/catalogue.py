"""The catalogue of what the API says: a stable code → its text in Latvian and English.

Parameters are named (``{status}``) and the same in both languages; ``tests/core/test_messages.py``
checks both. A parameter that is an enum member is shown by its label in ``VALUES`` when it has one.
Codes are part of the API (the problem body's ``code``): rename one only with a note for integrators.
"""

from typing import NamedTuple


class Text(NamedTuple):
    lv: str
    en: str


CATALOGUE: dict[str, Text] = {
    # plan rules, readiness, corrections, NGO activity changes
    "change.reason-needed": Text("Norādiet izmaiņu pamatojumu", "Give the reason of the change"),
    "delivery.after-measure": Text(
        "Pasākums beidzas {date}: ne vēlāk", "The measure ends on {date}: not after"
    ),
    "delivery.before-active": Text(
        "Plāns kļuva aktīvs {date}: ne agrāk", "The plan became active on {date}: not before"
    ),
    "delivery.before-measure": Text(
        "Pasākums sākas {date}: ne agrāk", "The measure starts on {date}: not before"
    ),
    "delivery.correct-forbidden": Text(
        "Norisi var labot tikai tās reģistrētājs vai iestādes koordinators",
        "Only the delivery's author or the school coordinator may correct it",
    ),
    "delivery.correct-plan-status": Text(
        "Plāna, kura statuss ir „{status}”, norisi nevar labot",
        "Deliveries of a plan that is {status} cannot be corrected",
    ),
    "delivery.correction-no-change": Text(
        "Labojums neko nemaina", "The correction changes nothing"
    ),
    "delivery.not-found": Text("Norise nav atrasta", "Delivery not found"),
    "delivery.over-plan": Text(
        "Izmaksas kopā sasniegtu {paid} EUR, vairāk nekā plānotie {planned} EUR: norādiet "
        "pamatojumu izmaksai virs plāna",
        "The payments would come to {paid} EUR, over the {planned} EUR planned: give the reason "
        "to pay over the plan",
    ),
    "delivery.semester-ended": Text(
        "Semestris ir beidzies: tā norisi vairs nevar labot",
        "The semester has ended: its deliveries can no longer be corrected",
    ),
    "delivery.voided": Text("Norise ir anulēta", "The delivery is voided"),
    "measure.director-amount-only": Text(
        "Aktīvā plānā direktors var mainīt tikai plānoto summu",
        "On an active plan the director changes only the planned amount",
    ),
    "measure.ends-with-plan": Text(
        "Pasākums beidzas, kad tiek slēgts plāns", "A measure ends when its plan is closed"
    ),
    "measure.needs-dates": Text(
        "Pasākumam jānorāda sākuma un beigu datums", "A measure needs its start and end dates"
    ),
    "measure.needs-factor": Text(
        "Pasākumam jārisina vismaz viens novērtēts riska faktors",
        "A measure addresses at least one rated risk factor",
    ),
    "measure.outside-semester": Text(
        "Jābūt plāna semestra robežās ({start}–{end})",
        "Must be inside the plan's semester ({start} to {end})",
    ),
    "ngo.activity-cancelled": Text("Aktivitāte ir atcelta", "The activity is cancelled"),
    "ngo.activity-held-final": Text(
        "Aktivitāte ir notikusi: tās rezultāts ir reģistrēts, un to vairs nemaina",
        "The activity has been held: its outcome is recorded and it stays as it was",
    ),
    "ngo.project-not-finishable": Text(
        "Projektu var pabeigt tā beigu datumā vai vēlāk, vai tad, kad tajā ir notikušas "
        "aktivitātes un neviena vairs nav plānota",
        "The project is finished on or after its end date, or once it has held activities and "
        "none is still planned",
    ),
    "ngo.reschedule-reason": Text("Norādiet, kāpēc datums mainās", "Say why the date changes"),
    "plan.evaluation-early": Text(
        "Izvērtēšana sākas {date}: izvērtējot agrāk, jānorāda pamatojums",
        "The evaluation opens on {date}: evaluating earlier needs a reason",
    ),
    "plan.not-ready": Text(
        "Plānu nevar iesniegt: {items}", "The plan cannot be submitted: {items}"
    ),
    "plan.not-ready-item": Text("{item}", "{item}"),
    "plan.not-sensitive-factor": Text(
        "Tas nav šajā plānā novērtēts sensitīvs faktors",
        "Not a sensitive factor rated in this plan",
    ),
    "plan.readiness-consent": Text(
        "nav derīgas piekrišanas mācību gadam {name}",
        "no valid consent for the school year {name}",
    ),
    "plan.readiness-dates": Text(
        "ne visiem pasākumiem ir sākuma un beigu datums semestrī",
        "not every measure has start and end dates inside the semester",
    ),
    "plan.readiness-factor": Text("nav novērtēts neviens riska faktors", "no rated risk factor"),
    "plan.readiness-goals": Text("nav aizpildīti plāna mērķi", "no goals"),
    "plan.readiness-measure": Text("nav neviena atbalsta pasākuma", "no measure"),
    "plan.sensitive-by-specialist": Text(
        "Sensitīvos faktorus izvērtē atbalsta speciālists vai direktors",
        "Sensitive factors are evaluated by the support specialist or the director",
    ),
    "students.flags-not-readable": Text(
        "Šī loma neredz agrīnās identifikācijas pazīmes",
        "This role does not read early-identification flags",
    ),
    # account
    "account.link-invalid": Text(
        "Saite ir nederīga, jau izmantota vai novecojusi: pieprasiet jaunu",
        "The link is invalid, used or expired: ask for a new one",
    ),
    # api
    "api.no-route": Text("Šāda API ceļa nav", "No such API route"),
    # auth
    "auth.bad-login": Text("Nepareizs e-pasts vai parole", "Invalid e-mail or password"),
    "auth.no-active-role": Text(
        "Kontam nav nevienas aktīvas lomas",
        "The account holds no active role",
    ),
    "auth.not-a-user": Text("Šis nav lietotāja konts", "Not a user account"),
    "auth.refresh-expired": Text(
        "Atjaunošanas marķiera derīgums ir beidzies",
        "The refresh token has expired",
    ),
    "auth.refresh-not-found": Text("Atjaunošanas marķieris nav atrasts", "Refresh token not found"),
    "auth.refresh-unknown": Text("Nezināms atjaunošanas marķieris", "Unknown refresh token"),
    "auth.role-ended": Text(
        "Kontam šī loma vairs nav pieejama",
        "The account no longer allows this role",
    ),
    "auth.scope-not-held": Text(
        "Šī nav neviena no konta aktīvajām lomām",
        "Not one of the account's active roles",
    ),
    "auth.token-account-gone": Text(
        "Piekļuves marķieris vairs neatbilst aktīvam kontam",
        "The access token no longer matches an active account",
    ),
    "auth.token-invalid": Text(
        "Piekļuves marķieris ir nederīgs vai novecojis",
        "The access token is invalid or expired",
    ),
    "auth.token-required": Text(
        "Vajadzīgs piekļuves marķieris (Bearer)",
        "A bearer access token is required",
    ),
    # catalogue
    "catalogue.code-taken": Text("Kods {code} jau ir izmantots", "The code {code} exists"),
    # class
    "class.label-taken": Text(
        "Klase ar šādu apzīmējumu šajā mācību gadā jau ir",
        "A class with this label exists in that school year",
    ),
    "class.not-found": Text("Klase nav atrasta", "Class group not found"),
    # client
    "client.bad-credentials": Text(
        "Nepareizs client_id vai client_secret",
        "Invalid client_id or client_secret",
    ),
    "client.id-taken": Text(
        "client_id {client_id} jau ir aizņemts",
        "The client_id {client_id} is taken",
    ),
    "client.municipality-only": Text(
        "Tikai pašvaldības klientam",
        "Only for a municipality client",
    ),
    "client.municipality-required": Text(
        "Obligāts pašvaldības klientam",
        "Required for a municipality client",
    ),
    "client.national-by-ikvd": Text(
        "Valsts līmeņa API klientus veido tikai IKVD",
        "Only IKVD creates national API clients",
    ),
    "client.not-found": Text("API klients nav atrasts", "API client not found"),
    "client.revoked": Text("Klients ir atsaukts", "The client is revoked"),
    # consent
    "consent.document-exists": Text(
        "Šis piekrišanas dokuments šim mācību gadam jau ir reģistrēts",
        "This consent document is already recorded for that school year",
    ),
    "consent.guardian-ended": Text(
        "Šis likumiskais pārstāvis vairs nav skolēna pārstāvis; piekrišanu dod pašreizējais",
        "This guardian is no longer the student's guardian; a current one gives consent",
    ),
    "consent.legal-representative-only": Text(
        "Piekrišanu var dot tikai likumiskais pārstāvis",
        "Only a legal representative can give consent",
    ),
    "consent.not-found": Text("Piekrišana nav atrasta", "Consent not found"),
    "consent.student-not-adult": Text(
        "Skolēns pats piekrišanu dod tikai pilngadībā (18+)",
        "A student gives consent only as an adult (18+)",
    ),
    "consent.withdrawn": Text("Piekrišana jau ir atsaukta", "The consent was already withdrawn"),
    # data
    "data.conflict": Text(
        "Izmaiņas ir pretrunā ar jau saglabātiem datiem",
        "The change conflicts with data already stored",
    ),
    # date
    "date.in-future": Text("Datums nevar būt nākotnē", "The date lies in the future"),
    "date.not-future": Text("Nedrīkst būt nākotnē", "Must not be in the future"),
    "date.out-of-range": Text(
        "Datumam jābūt no {min}. līdz {max}. gadam",
        "Dates from {min} to {max} only",
    ),
    # delivery
    "delivery.by-people": Text("Norises reģistrē cilvēki", "Deliveries are logged by people"),
    "delivery.confirmed-before": Text(
        "Apstiprināts pirms nodarbības",
        "Confirmed before the session",
    ),
    "delivery.measure-not-open": Text(
        "Pasākuma statuss ir „{status}”: norises reģistrēt nevar",
        "The measure is {status}: no deliveries can be logged",
    ),
    "delivery.needs-amount": Text(
        "Kompensācijai jānorāda summa",
        "A compensation needs its amount",
    ),
    "delivery.needs-confirmation": Text(
        "Konsultācijai vajadzīgs skolēna apstiprinājums",
        "A consultation needs the student's confirmation",
    ),
    "delivery.needs-duration": Text(
        "Konsultācijai jānorāda ilgums",
        "A consultation needs its duration",
    ),
    "delivery.needs-evidence": Text(
        "Kompensācijai vajadzīgs apliecinājums (čeks, biļete)",
        "A compensation needs its evidence (receipt, ticket)",
    ),
    "delivery.plan-not-active": Text(
        "Norises reģistrē tikai aktīviem plāniem; šī plāna statuss ir „{status}”",
        "Deliveries are logged only on active plans; this plan is {status}",
    ),
    "delivery.remote-confirmation": Text(
        "Attālinātu nodarbību apstiprina e-pastā vai e-žurnālā",
        "A remote session is confirmed by e-mail or e-journal",
    ),
    "delivery.remote-confirmed-late": Text(
        "Attālinātu nodarbību jāapstiprina tās dienā vai nākamajā dienā",
        "A remote session must be confirmed on its day or the day after",
    ),
    "delivery.remote-needs-date": Text(
        "Attālinātai nodarbībai jānorāda apstiprinājuma datums",
        "A remote session needs the date of its confirmation",
    ),
    # document
    "document.consent-not-of-student": Text(
        "Šī nav šī plāna skolēna piekrišana",
        "Not a consent of this plan's student",
    ),
    "document.delivery-not-of-plan": Text(
        "Šī nav šī plāna pasākuma norise",
        "Not a delivery of this plan",
    ),
    "document.empty": Text("Fails ir tukšs", "The file is empty"),
    "document.not-found": Text("Dokuments nav atrasts", "Document not found"),
    "document.one-owner": Text(
        "Dokuments pieder tikai vienam no tiem",
        "A document belongs to one of them",
    ),
    "document.remove-not-allowed": Text(
        "Dokumentu dzēš tikai tā augšupielādētājs vai iestādes vadītājs",
        "Only who uploaded a document, or the director, removes it",
    ),
    "document.removed": Text("Dokuments ir dzēsts", "The document was removed"),
    "document.restrict-not-allowed": Text(
        "Dokumentu pieejamību ierobežo tikai autors, atbalsta speciālisti un iestādes vadītājs",
        "Only the author, support specialists and the director restrict documents",
    ),
    "document.role-attaches-none": Text(
        "Šī loma nepievieno plāniem dokumentus",
        "This role does not attach documents to plans",
    ),
    "document.role-reads-no-plans": Text("Šī loma nelasa plānus", "This role does not read plans"),
    "document.too-large": Text(
        "Fails ir lielāks par {limit} baitiem",
        "The file is larger than {limit} bytes",
    ),
    "document.type-refused": Text(
        "Pieņem tikai PDF, JPEG vai PNG failus (pārbauda pēc satura)",
        "Only PDF, JPEG or PNG files are accepted (checked by content)",
    ),
    # enrollment
    "enrollment.end-before-start": Text(
        "Nedrīkst būt pirms mācību sākuma",
        "Must not be before the enrollment started",
    ),
    "enrollment.ended": Text(
        "Mācības šajā iestādē jau ir beigušās",
        "The enrollment has already ended",
    ),
    "enrollment.not-found": Text("Uzņemšanas ieraksts nav atrasts", "Enrollment not found"),
    # field
    "field.not-null": Text("Vērtība ir obligāta", "may not be null"),
    "field.required": Text("Obligāts lauks", "Field required"),
    # flag
    "flag.already-dismissed": Text(
        "Šis brīdinājums šajā semestrī jau ir noraidīts",
        "This flag is already dismissed for the semester",
    ),
    "flag.none-open": Text(
        "Skolēnam tobrīd nav atvērtu brīdinājumu",
        "The student has no open flags then",
    ),
    "flag.not-found": Text("Brīdinājums nav atrasts", "Flag not found"),
    # guardian
    "guardian.already-ended": Text(
        "Likumiskā pārstāvja saite jau beigusies {date}",
        "The guardian was already ended on {date}",
    ),
    "guardian.not-found": Text("Likumiskais pārstāvis nav atrasts", "Guardian not found"),
    # import
    "import.already-registered": Text(
        "Izglītojamais ar šo personas kodu jau ir reģistrēts",
        "A student with this personal code is already registered",
    ),
    "import.bad-csv": Text("Nederīgs CSV: {error}", "Not valid CSV: {error}"),
    "import.column-missing": Text(
        "Trūkst obligātās kolonnas {column}", "The required column {column} is missing"
    ),
    "import.column-twice": Text("Kolonna {column} ir divreiz", "The column {column} appears twice"),
    "import.consent-date-missing": Text(
        "Nav norādīts piekrišanas datums", "The consent's date is missing"
    ),
    "import.consent-document-missing": Text(
        "Nav norādīts piekrišanas dokumenta numurs",
        "The consent's document reference is missing",
    ),
    "import.consent-giver": Text(
        "Norādiet “aizbildnis” vai “skolēns”",
        "Give aizbildnis (guardian) or skolēns (student)",
    ),
    "import.consent-needs-guardian": Text(
        "Aizbildņa piekrišanai vajag aizbildņa kolonnas",
        "A consent by a guardian needs the guardian's columns",
    ),
    "import.empty": Text(
        "Fails ir tukšs: vajadzīga virsraksta rinda",
        "The file is empty: a header row is required",
    ),
    "import.no-class": Text(
        "Iestādes pašreizējā mācību gadā nav klases {label}",
        "No class {label} in this institution's current school year",
    ),
    "import.no-header": Text(
        "Nav CSV virsraksta: kolonnas atdala ar “;” vai “,”",
        "Not a CSV header: columns are separated by ';' or ','",
    ),
    "import.no-school-year": Text(
        "Neviens mācību gads neietver šo datumu", "No school year holds this date"
    ),
    "import.not-a-date": Text(
        "Nav datums: {value} (jāraksta dd.mm.gggg)", "Not a date: {value} (write dd.mm.yyyy)"
    ),
    "import.not-csv": Text("Fails nav CSV teksts", "The file is not CSV text"),
    "import.not-found": Text("Importa darbs nav atrasts", "Import job not found"),
    "import.not-utf8": Text("Fails nav UTF-8 teksts", "The file is not UTF-8 text"),
    "import.refused": Text(
        "Failā ir problēmas ({count}); nekas netika importēts",
        "{count} problems in the file; nothing was imported",
    ),
    "import.row": Text("{row}. rinda: {problem}", "Row {row}: {problem}"),
    "import.row-problem": Text("{problem}", "{problem}"),
    "import.same-code": Text(
        "Tāds pats personas kods kā {row}. rindā", "The same personal code as row {row}"
    ),
    "import.too-long": Text(
        "Ne vairāk kā {max_length} rakstzīmes", "At most {max_length} characters"
    ),
    "import.too-many-fields": Text(
        "{count} lauki, bet virsrakstā ir {header}",
        "{count} fields where the header has {header}",
    ),
    # indicators
    "indicators.absences-exceed-lessons": Text(
        "Kavējumu ir vairāk nekā stundu",
        "More absences than lessons",
    ),
    "indicators.batch-differs": Text(
        "Pakete {external_id} jau iepriekš saglabāta ar citām rindām",
        "The batch {external_id} was stored before with other rows",
    ),
    "indicators.batch-refused": Text(
        "Paketē ir problēmas ({count}); nekas netika saglabāts",
        "{count} problems in the batch; nothing was stored",
    ),
    "indicators.no-national-rules": Text(
        "Valsts līmeņa rādītāju noteikumi nav saglabāti",
        "No national indicator rules are stored",
    ),
    "indicators.no-semester-for-date": Text(
        "Neviens semestris neietver šo datumu",
        "No semester contains this date",
    ),
    "indicators.no-such-student": Text(
        "Jūsu pārziņā nav skolēna ar šādu vērtību",
        "No student in your scope has this",
    ),
    "indicators.rules-by-coordinator": Text(
        "Pašvaldības noteikumus nosaka tās koordinators",
        "A municipality's rules are set by its coordinator",
    ),
    "indicators.student-or-code": Text(
        "Norādiet student_id vai personal_code",
        "Give student_id or personal_code",
    ),
    "indicators.student-twice": Text(
        "Viens skolēns vienam datumam norādīts divreiz",
        "A student appears twice for one date",
    ),
    "indicators.threshold-number": Text("Jānorāda skaitlis", "A number is required"),
    "indicators.threshold-order": Text(
        "Trauksmes slieksnim jābūt aiz uzmanības sliekšņa",
        "The alert threshold must be past the watch one",
    ),
    "indicators.threshold-range": Text(
        "Jābūt no {low} līdz {high}",
        "Must lie between {low} and {high}",
    ),
    "indicators.threshold-shape": Text(
        "Norādiet sliekšņus kā watch un alert",
        "Give thresholds as watch and alert",
    ),
    "indicators.threshold-unknown": Text(
        "Šim rādītājam sliekšņu nav",
        "Not an indicator with thresholds",
    ),
    "indicators.thresholds-invalid": Text("Sliekšņi nav derīgi", "The thresholds are not valid"),
    "indicators.under-report-threshold": Text(
        "Skolēnam tobrīd nav vairāk par 20 neattaisnoti kavētām stundām",
        "The student has no more than 20 unexcused lessons then",
    ),
    # institution
    "institution.not-found": Text("Izglītības iestāde nav atrasta", "Institution not found"),
    "institution.registration-taken": Text(
        "Izglītības iestāde ar šādu reģistrācijas numuru jau ir",
        "An institution with this registration number exists",
    ),
    # measure-type
    "measure-type.not-found": Text("Pasākuma veids nav atrasts", "Measure type not found"),
    # measure
    "measure.active-plan-status-only": Text(
        "Aktīvā plānā var mainīt tikai pasākuma statusu",
        "On an active plan only a measure's status can change",
    ),
    "measure.cancel-not-open": Text(
        "Pasākuma statuss ir „{status}”: to nevar atcelt",
        "The measure is {status}: it cannot be cancelled",
    ),
    "measure.cancel-with-action": Text(
        "Pasākumu atceļ ar darbību „Atcelt”",
        "Cancel a measure with its cancel action",
    ),
    "measure.cancelled": Text("Pasākums ir atcelts", "The measure is cancelled"),
    "measure.compensation-needs-amount": Text(
        "Kompensācijai jānorāda summa",
        "A compensation needs an amount",
    ),
    "measure.ends-before-start": Text(
        "Pasākums beidzas pirms tā sākuma",
        "The measure ends before it starts",
    ),
    "measure.not-found": Text("Pasākums nav atrasts", "Measure not found"),
    "measure.responsible-not-staff": Text(
        "Nav plāna izglītības iestādes darbinieks",
        "Not a staff member of the plan's institution",
    ),
    "measure.run-not-allowed": Text(
        "Tikai par pasākumu atbildīgais darbinieks vai iestādes koordinators",
        "Only the measure's responsible staff member or the school coordinator",
    ),
    "measure.type-unknown": Text(
        "Nezināms vai vairs neizmantots pasākuma veids",
        "Unknown or retired measure type",
    ),
    # municipality
    "municipality.atvk-taken": Text(
        "Pašvaldība ar šādu ATVK kodu jau ir",
        "A municipality with this ATVK code exists",
    ),
    "municipality.not-found": Text("Pašvaldība nav atrasta", "Municipality not found"),
    # ngo
    "ngo.activity-needs-approved-project": Text(
        "Projekta statuss ir „{status}”: aktivitātes pieder tikai apstiprinātiem projektiem",
        "The project is {status}: activities belong to approved projects",
    ),
    "ngo.activity-not-found": Text("Aktivitāte nav atrasta", "Activity not found"),
    "ngo.activity-not-held": Text(
        "Aktivitāte vēl nav notikusi",
        "The activity has not taken place yet",
    ),
    "ngo.already-linked": Text(
        "Aktivitāte jau ir sasaistīta ar šo pasākumu",
        "The activity is already linked to this measure",
    ),
    "ngo.amount-over-cap": Text(
        "Projekts var pieprasīt ne vairāk kā {cap} EUR",
        "A project may ask for at most {cap} EUR",
    ),
    "ngo.budget-exceeded": Text(
        "Konkursa budžetā atlikuši {left} EUR; projekts prasa vairāk",
        "The call's budget has {left} EUR left; the project asks for more",
    ),
    "ngo.call-closed": Text("Konkurss tika slēgts {deadline}", "The call closed on {deadline}"),
    "ngo.call-municipality-required": Text(
        "Norādiet konkursa pašvaldību",
        "Name the municipality of the call",
    ),
    "ngo.call-not-found": Text("Konkurss nav atrasts", "Call not found"),
    "ngo.class-outside-call": Text(
        "Šī nav tās iestādes klase konkursa mācību gadā",
        "Not a class of that institution in the call's school year",
    ),
    "ngo.deadline-after-year": Text(
        "Termiņš ir pēc mācību gada beigām",
        "The deadline is after the school year",
    ),
    "ngo.deadline-passed": Text("Termiņš jau ir pagājis", "The deadline has already passed"),
    "ngo.institution-outside-call": Text(
        "Šī nav konkursa pašvaldības iestāde",
        "Not an institution of the call's municipality",
    ),
    "ngo.link-wrong-measure": Text(
        "Sasaistīt var tikai pasākumu „Dalība NVO aktivitātē”",
        "Only an NGO activity participation measure can be linked",
    ),
    "ngo.not-found": Text("NVO nav atrasta", "NGO not found"),
    "ngo.not-linked": Text(
        "Aktivitāte nav sasaistīta ar šo pasākumu",
        "The activity is not linked to this measure",
    ),
    "ngo.not-target-institution": Text(
        "Šī nav neviena no projekta mērķa iestādēm",
        "Not one of the project's target institutions",
    ),
    "ngo.outside-project-period": Text(
        "Jābūt projekta norises laikā",
        "Must lie within the project's period",
    ),
    "ngo.outside-school-year": Text(
        "Jābūt mācību gada {name} robežās",
        "Must lie within the school year {name}",
    ),
    "ngo.over-approved": Text(
        "Vairāk nekā apstiprinātie {amount} EUR",
        "More than the {amount} EUR approved",
    ),
    "ngo.project-not-approved": Text(
        "Projekta statuss ir „{status}”: pabeigt var tikai apstiprinātu projektu",
        "The project is {status}: only an approved project is completed",
    ),
    "ngo.project-not-found": Text("Projekts nav atrasts", "Project not found"),
    "ngo.project-not-submitted": Text(
        "Projekta statuss ir „{status}”: lēmumu pieņem tikai par iesniegtu projektu",
        "The project is {status}: only a submitted project is decided",
    ),
    "ngo.registration-taken": Text(
        "NVO ar šādu reģistrācijas numuru jau ir",
        "An NGO with this registration number exists",
    ),
    # note
    "note.by-people": Text("Piezīmes raksta cilvēki", "Notes are written by people"),
    "note.restricted-not-allowed": Text(
        "Ierobežotas piezīmes raksta tikai autors, atbalsta speciālisti un iestādes vadītājs",
        "Only the author, support specialists and the director write restricted notes",
    ),
    # notification
    "notification.not-found": Text("Paziņojums nav atrasts", "Notification not found"),
    "notification.users-only": Text(
        "Paziņojumi pieder lietotāju kontiem",
        "Notifications belong to user accounts",
    ),
    # page
    "page.cursor-invalid": Text("Nederīgs lapošanas kursors", "Invalid cursor"),
    # personal-code
    "personal-code.date": Text(
        "Personas kods nesākas ar derīgu datumu",
        "The personal code does not start with a valid date",
    ),
    "personal-code.format": Text(
        "Personas kods ir formā DDMMGG-CNNNX vai, kopš 2017. gada, 32NNNN-NNNNN",
        "A personal code is DDMMYY-CNNNX or, from 2017, 32NNNN-NNNNN",
    ),
    # plan
    "plan.awaits-no-approval": Text(
        "Plāna statuss ir „{status}”: tas negaida apstiprinājumu",
        "The plan is {status}: it awaits no approval",
    ),
    "plan.by-school-staff": Text(
        "Plānus raksta izglītības iestādes darbinieki",
        "Plans are written by staff of an institution",
    ),
    "plan.change-by-author": Text(
        "Plānu var mainīt tikai tā autors",
        "Only the plan's author may change it",
    ),
    "plan.closed": Text(
        "Plāns ir slēgts: to var tikai lasīt",
        "The plan is closed: it is read-only",
    ),
    "plan.code-exhausted": Text(
        "Neizdevās atrast brīvu plāna kodu; mēģiniet vēlreiz",
        "No free plan code was found; try again",
    ),
    "plan.delete-not-draft": Text(
        "Dzēst var tikai plāna melnrakstu",
        "Only a draft plan can be deleted",
    ),
    "plan.evaluate-by-staff": Text(
        "Plānus izvērtē izglītības iestādes darbinieki",
        "Plans are evaluated by school staff",
    ),
    "plan.exists-for-semester": Text(
        "Skolēnam šim semestrim jau ir plāns",
        "The student already has a plan for this semester",
    ),
    "plan.factor-not-rated": Text(
        "Šis faktors šajā plānā nav novērtēts",
        "The factor is not rated in this plan",
    ),
    "plan.factor-unknown": Text(
        "Nezināms vai vairs neizmantots riska faktors",
        "Unknown or retired risk factor",
    ),
    "plan.no-longer-changes": Text(
        "Plāna statuss ir „{status}”, un to vairs nevar mainīt",
        "The plan is {status} and can no longer change",
    ),
    "plan.no-next-semester": Text(
        "Plānu nevar turpināt: nākamais semestris nav kalendārā",
        "The plan cannot be continued: the next semester is not in the calendar",
    ),
    "plan.not-editable": Text(
        "Mainīt var tikai melnrakstu vai labošanai atgrieztu plānu; šī plāna statuss ir „{status}”",
        "Only draft or returned plans can be changed; this plan is {status}",
    ),
    "plan.not-found": Text("Plāns nav atrasts", "Plan not found"),
    "plan.step-not-yours": Text(
        "Plāns gaida apstiprinājumu solī „{step}”, ko šī loma neveic",
        "The plan awaits the {step} approval step, which this role does not take",
    ),
    "plan.student-not-eligible": Text(
        "Skolēns nemācās atbilstošā klasē ({eligible_grade_min}.–{eligible_grade_max}. klase, profesionālās izglītības {eligible_course_min}.–{eligible_course_max}. kurss)",
        "The student is not in an eligible class (grades {eligible_grade_min}-{eligible_grade_max}, vocational courses {eligible_course_min}-{eligible_course_max})",
    ),
    "plan.student-not-enrolled": Text(
        "Skolēns nemācās jūsu izglītības iestādē",
        "The student is not enrolled in your institution",
    ),
    "plan.submit-by-author": Text(
        "Plānu iesniedz tikai tā autors",
        "Only the plan's author submits it",
    ),
    "plan.submit-no-consent": Text(
        "Plānu nevar iesniegt: nav derīgas piekrišanas mācību gadam {name}",
        "The plan cannot be submitted: no valid consent for the school year {name}",
    ),
    "plan.submit-no-factor": Text(
        "Plānu nevar iesniegt: nav novērtēts neviens riska faktors",
        "The plan cannot be submitted: no rated risk factor",
    ),
    "plan.submit-no-measure": Text(
        "Plānu nevar iesniegt: nav neviena atbalsta pasākuma",
        "The plan cannot be submitted: no measure",
    ),
    "plan.submit-not-editable": Text(
        "Iesniegt var tikai melnrakstu vai labošanai atgrieztu plānu; šī plāna statuss ir „{status}”",
        "Only a draft or returned plan can be submitted; this plan is {status}",
    ),
    "plan.version-changed": Text(
        "Plāns jau ir versijā {version}",
        "The plan is at version {version}",
    ),
    "plan.wrong-status": Text(
        "Statusā „{action}” var pāriet tikai plāns statusā „{required}”; šī plāna statuss ir „{current}”",
        "Only a plan that is {required} can be {action}; this plan is {current}",
    ),
    # report
    "report.no-table": Text(
        "Pārskatā {report} nav tabulas {chosen}",
        "Report {report} has no table {chosen}",
    ),
    # request
    "request.bad-json": Text("Pieprasījuma saturs nav derīgs JSON", "The body is not valid JSON"),
    "request.invalid": Text("Nederīgi dati: {fields}", "Invalid: {fields}"),
    # risk-factor
    "risk-factor.not-found": Text("Riska faktors nav atrasts", "Risk factor not found"),
    # risk-group
    "risk-group.not-found": Text("Riska grupa nav atrasta", "Risk group not found"),
    # role-assignment
    "role-assignment.not-found": Text("Lomas piešķīrums nav atrasts", "Role assignment not found"),
    # role
    "role.lacks-permission": Text(
        "Lomai „{role}” tas nav atļauts ({permission})",
        "The role {role} may not do this ({permission})",
    ),
    "role.may-not": Text(
        "Lomai „{role}” tas nav atļauts ({permission})",
        "The role {role} may not do this ({permission})",
    ),
    # school-year
    "school-year.exists": Text("Šis mācību gads jau ir", "This school year exists"),
    "school-year.not-found": Text("Mācību gads nav atrasts", "School year not found"),
    # semester
    "semester.none-today": Text(
        "Šodien nav neviena semestra: norādiet semestri",
        "No semester today: name one",
    ),
    "semester.not-found": Text("Semestris nav atrasts", "Semester not found"),
    "semester.unknown": Text("Nezināms semestris", "Unknown semester"),
    # student
    "student.birth-date-implausible": Text(
        "Skolēnam neticams dzimšanas datums",
        "Not a plausible student's birth date",
    ),
    "student.class-by-receiver": Text(
        "Klasi piešķir uzņemošā iestāde",
        "The receiving institution assigns the class",
    ),
    "student.class-other-institution": Text(
        "Klase ir citā izglītības iestādē",
        "The class is of another institution",
    ),
    "student.code-search-not-allowed": Text(
        "Šī loma nedrīkst meklēt pēc personas koda",
        "This role may not search by personal code",
    ),
    "student.code-taken": Text(
        "Skolēns ar šādu personas kodu jau ir reģistrēts",
        "A student with this personal code is already registered",
    ),
    "student.not-found": Text("Skolēns nav atrasts", "Student not found"),
    "student.transfer-before-start": Text(
        "Jābūt pēc pašreizējo mācību sākuma",
        "Must be after the start of the current enrollment",
    ),
    "student.version-changed": Text(
        "Skolēna dati jau ir versijā {version}",
        "The student is at version {version}",
    ),
    # text
    "text.nul": Text(
        "Tekstā nav atļauta rakstzīme NUL",
        "The NUL character is not allowed in text",
    ),
    # time
    "time.zone-required": Text("Norādiet laika joslu (piemēram, Z)", "Give a time zone (e.g. Z)"),
    # user
    "user.deactivate-self": Text(
        "Nevar deaktivizēt savu kontu",
        "You cannot deactivate your own account",
    ),
    "user.email-taken": Text("Lietotājs ar šādu e-pastu jau ir", "A user with this e-mail exists"),
    "user.end-own-role": Text(
        "Nevar izbeigt lomu, kurā pašlaik darbojaties",
        "You cannot end the role you are acting in",
    ),
    "user.grant-not-allowed": Text(
        "Loma „{own}” nedrīkst piešķirt lomu „{role}”",
        "A {own} may not grant the role {role}",
    ),
    "user.national-no-scope": Text(
        "Valsts līmeņa lomai scope_id nenorāda",
        "A national role has no scope_id",
    ),
    "user.not-found": Text("Lietotājs nav atrasts", "User not found"),
    "user.role-held": Text(
        "Lietotājam šī loma šajā tvērumā jau ir",
        "The user already holds this role in this scope",
    ),
    "user.roles-outside-scope": Text(
        "Lietotājam ir lomas ārpus jūsu tvēruma",
        "The user holds roles outside the caller's scope",
    ),
    "user.scope-required": Text(
        "Lomai „{role}” jānorāda scope_id",
        "The role {role} needs a scope_id",
    ),
    # validation
    "validation.bool_parsing": Text(
        "Jābūt „jā” vai „nē” vērtībai",
        "Input should be a valid boolean, unable to interpret input",
    ),
    "validation.bool_type": Text("Jābūt „jā” vai „nē” vērtībai", "Input should be a valid boolean"),
    "validation.date_from_datetime_inexact": Text(
        "Datumā nedrīkst būt laika",
        "Datetimes provided to dates should have zero time - e.g. be exact dates",
    ),
    "validation.date_from_datetime_parsing": Text(
        "Jābūt derīgam datumam",
        "Input should be a valid date or datetime, {error}",
    ),
    "validation.date_parsing": Text(
        "Jābūt derīgam datumam",
        "Input should be a valid date in the format YYYY-MM-DD, {error}",
    ),
    "validation.date_type": Text("Jābūt derīgam datumam", "Input should be a valid date"),
    "validation.datetime_from_date_parsing": Text(
        "Jābūt derīgam laikam",
        "Input should be a valid datetime or date, {error}",
    ),
    "validation.datetime_parsing": Text(
        "Jābūt derīgam laikam",
        "Input should be a valid datetime, {error}",
    ),
    "validation.datetime_type": Text("Jābūt derīgam laikam", "Input should be a valid datetime"),
    "validation.decimal_max_digits": Text(
        "Kopā ne vairāk kā {max_digits} cipari",
        "Decimal input should have no more than {max_digits} digits in total",
    ),
    "validation.decimal_max_places": Text(
        "Ne vairāk kā {decimal_places} cipari aiz komata",
        "Decimal input should have no more than {decimal_places} decimal places",
    ),
    "validation.decimal_parsing": Text("Jābūt skaitlim", "Input should be a valid decimal"),
    "validation.decimal_type": Text(
        "Jābūt skaitlim",
        "Decimal input should be an integer, float, string or Decimal object",
    ),
    "validation.decimal_whole_digits": Text(
        "Ne vairāk kā {whole_digits} cipari pirms komata",
        "Decimal input should have no more than {whole_digits} digits before the decimal point",
    ),
    "validation.dict_type": Text("Jābūt objektam", "Input should be a valid dictionary"),
    "validation.email": Text(
        "Nederīga e-pasta adrese",
        "value is not a valid email address: {reason}",
    ),
    "validation.enum": Text("Jābūt vienai no vērtībām: {expected}", "Input should be {expected}"),
    "validation.extra_forbidden": Text("Šāds lauks nav atļauts", "Extra inputs are not permitted"),
    "validation.finite_number": Text("Jābūt galīgam skaitlim", "Input should be a finite number"),
    "validation.float_parsing": Text(
        "Jābūt skaitlim",
        "Input should be a valid number, unable to parse string as a number",
    ),
    "validation.float_type": Text("Jābūt skaitlim", "Input should be a valid number"),
    "validation.greater_than": Text("Jābūt lielākam par {gt}", "Input should be greater than {gt}"),
    "validation.greater_than_equal": Text(
        "Jābūt vismaz {ge}",
        "Input should be greater than or equal to {ge}",
    ),
    "validation.int_from_float": Text(
        "Jābūt veselam skaitlim (bez daļas)",
        "Input should be a valid integer, got a number with a fractional part",
    ),
    "validation.int_parsing": Text(
        "Jābūt veselam skaitlim",
        "Input should be a valid integer, unable to parse string as an integer",
    ),
    "validation.int_type": Text("Jābūt veselam skaitlim", "Input should be a valid integer"),
    "validation.less_than": Text("Jābūt mazākam par {lt}", "Input should be less than {lt}"),
    "validation.less_than_equal": Text(
        "Jābūt ne vairāk kā {le}",
        "Input should be less than or equal to {le}",
    ),
    "validation.list_type": Text("Jābūt sarakstam", "Input should be a valid list"),
    "validation.literal_error": Text(
        "Jābūt vienai no vērtībām: {expected}",
        "Input should be {expected}",
    ),
    "validation.missing": Text("Obligāts lauks", "Field required"),
    "validation.model_attributes_type": Text(
        "Jābūt objektam",
        "Input should be a valid dictionary or object to extract fields from",
    ),
    "validation.model_type": Text(
        "Jābūt objektam",
        "Input should be a valid dictionary or instance of {class_name}",
    ),
    "validation.multiple_of": Text(
        "Jābūt {multiple_of} daudzkārtnim",
        "Input should be a multiple of {multiple_of}",
    ),
    "validation.other": Text("Nederīga vērtība", "Invalid value"),
    "validation.set_type": Text("Jābūt sarakstam", "Input should be a valid set"),
    "validation.string_pattern_mismatch": Text(
        "Neatbilst vajadzīgajam formātam",
        "String should match pattern '{pattern}'",
    ),
    "validation.string_too_long": Text(
        "Jābūt ne vairāk kā {max_length} rakstzīmēm",
        "String should have at most {max_length} characters",
    ),
    "validation.string_too_short": Text(
        "Jābūt vismaz {min_length} rakstzīmēm",
        "String should have at least {min_length} characters",
    ),
    "validation.string_type": Text("Jābūt tekstam", "Input should be a valid string"),
    "validation.timezone_aware": Text("Jānorāda laika josla", "Input should have timezone info"),
    "validation.too_long": Text(
        "Jābūt ne vairāk kā {max_length} vienībām ({field_type})",
        "{field_type} should have at most {max_length} items",
    ),
    "validation.too_short": Text(
        "Jābūt vismaz {min_length} vienībām ({field_type})",
        "{field_type} should have at least {min_length} items",
    ),
    "validation.url_parsing": Text("Jābūt derīgam URL", "Input should be a valid URL, {error}"),
    "validation.url_scheme": Text(
        "URL shēmai jābūt {expected_schemes}",
        "URL scheme should be {expected_schemes}",
    ),
    "validation.uuid_parsing": Text(
        "Jābūt derīgam identifikatoram (UUID)",
        "Input should be a valid UUID, {error}",
    ),
    "validation.uuid_type": Text(
        "Jābūt derīgam identifikatoram (UUID)",
        "UUID input should be a string, bytes or UUID object",
    ),
    "validation.value_error": Text("Nederīga vērtība", "Value error, {error}"),
    # version
    "version.if-match-invalid": Text(
        "If-Match nenorāda šī ieraksta versiju",
        "If-Match does not name a version of this resource",
    ),
    "version.if-match-required": Text(
        "Nosūtiet galveni If-Match ar nolasīto ETag",
        "Send If-Match with the ETag you read",
    ),
    # webhook
    "webhook.not-a-client": Text("Šis nav API klients", "Not an API client"),
    "webhook.not-found": Text("Webhook abonements nav atrasts", "Webhook subscription not found"),
    "webhook.replay-beyond": Text(
        "Līdz šim rindā ievietoti tikai notikumi līdz {through}",
        "Only events through {through} have been queued yet",
    ),
    "webhook.url-absolute-https": Text("Jābūt pilnam https URL", "Must be an absolute https URL"),
    "webhook.url-credentials": Text(
        "URL nedrīkst saturēt piekļuves datus",
        "Must not carry credentials",
    ),
    "webhook.url-https": Text("Jābūt https URL", "Must be an https URL"),
    "webhook.url-private": Text(
        "Saimniekdatoram jāatrisinās tikai uz publiskām adresēm",
        "The host must resolve to public addresses only",
    ),
    "webhook.url-unresolved": Text(
        "Saimniekdatora vārdu nevar atrisināt",
        "The host name does not resolve",
    ),
    # added with their refusals
    "time.out-of-range": Text(
        "Laiks ir ārpus UTC datumu diapazona", "The time lies outside the range of dates in UTC"
    ),
    "plan.factor-twice": Text(
        "Viens faktors novērtēts divreiz", "rated_factors: a factor is rated twice"
    ),
    "plan.override-needs-reason": Text(
        "Kopējā līmeņa maiņai jānorāda pamatojums",
        "override_reason: overriding the overall level needs a reason",
    ),
    "role-assignment.ends-before-start": Text(
        "Beigu datums nedrīkst būt pirms sākuma datuma", "valid_to must not be before valid_from"
    ),
    "period.ends-before-start": Text(
        "Beigu datums nedrīkst būt pirms sākuma datuma", "ends_on must not be before starts_on"
    ),
    "period.ends-not-after-start": Text(
        "Beigu datumam jābūt pēc sākuma datuma", "ends_on must be after starts_on"
    ),
    "ngo.at-risk-over-actual": Text(
        "Riska grupas dalībnieku nevar būt vairāk nekā dalībnieku kopā",
        "at_risk_participants must not exceed actual_participants",
    ),
    "consent.guardian-or-student": Text(
        "Norādiet vai nu likumisko pārstāvi, vai to, ka piekrišanu dod pats skolēns",
        "give either guardian_id or given_by_student=true",
    ),
    "institution.municipality-required": Text(
        "Pašvaldības skolai jānorāda pašvaldība",
        "municipality_id is required for a municipal school",
    ),
    "institution.state-no-municipality": Text(
        "Valsts iestādei pašvaldību nenorāda", "a state institution has no municipality_id"
    ),
    "school-year.two-semesters": Text(
        "Mācību gadā ir 1. un 2. semestris", "a school year has semesters 1 and 2"
    ),
    "school-year.semester-outside": Text(
        "{number}. semestrim jābūt mācību gada robežās",
        "semester {number} must lie inside the school year",
    ),
    "school-year.semesters-overlap": Text(
        "2. semestrim jāsākas pēc 1. semestra beigām", "semester 2 must start after semester 1 ends"
    ),
    "class.grade-or-course": Text(
        "Norādiet vai nu klasi (1–12), vai profesionālās izglītības kursu (1–4)",
        "give either grade (1-12) or vocational course (1-4)",
    ),
    "student.registered-elsewhere": Text(
        "Skolēns ar šādu personas kodu ir reģistrēts citā izglītības iestādē: tā reģistrē pāreju, pēc tam skolēnu var uzņemt šeit",
        "A student with this personal code is registered at another institution: that institution records the transfer, then the student is enrolled here",
    ),
    "auth.refresh-reused": Text(
        "Atjaunošanas marķieris jau ir izmantots vai atsaukts",
        "The refresh token was already used or revoked",
    ),
    "rate.limited": Text(
        "Pārsniegts pieprasījumu ierobežojums ({limit}); mēģiniet vēlreiz pēc {retry_after} s",
        "Rate limit of {limit} exceeded; retry in {retry_after} s",
    ),
}

# Labels of enum members given as parameters (by the enum's class name).
VALUES: dict[str, dict[str, Text]] = {
    "PlanStatus": {
        "draft": Text("Melnraksts", "draft"),
        "submitted": Text("Iesniegts", "submitted"),
        "approved_school": Text("Apstiprināts iestādē", "approved_school"),
        "approved_municipality": Text("Apstiprināts pašvaldībā", "approved_municipality"),
        "returned": Text("Atgriezts labošanai", "returned"),
        "active": Text("Aktīvs", "active"),
        "evaluated": Text("Izvērtēts", "evaluated"),
        "closed": Text("Slēgts", "closed"),
        "discontinued": Text("Pārtraukts", "discontinued"),
    },
    "MeasureStatus": {
        "planned": Text("Plānots", "planned"),
        "in_progress": Text("Notiek", "in_progress"),
        "done": Text("Izpildīts", "done"),
        "cancelled": Text("Atcelts", "cancelled"),
    },
    "ApprovalStep": {
        "school": Text("Iestādes vadītājs", "school"),
        "municipality": Text("Pašvaldība", "municipality"),
        "national": Text("IKVD", "national"),
    },
    "ProjectStatus": {
        "submitted": Text("Iesniegts", "submitted"),
        "approved": Text("Apstiprināts", "approved"),
        "rejected": Text("Noraidīts", "rejected"),
        "completed": Text("Pabeigts", "completed"),
    },
    "Role": {
        "ikvd_admin": Text("IKVD administrators", "ikvd_admin"),
        "municipal_coordinator": Text("Pašvaldības koordinators", "municipal_coordinator"),
        "school_director": Text("Izglītības iestādes vadītājs", "school_director"),
        "school_coordinator": Text("Iestādes koordinators", "school_coordinator"),
        "teacher": Text("Pedagogs", "teacher"),
        "support_specialist": Text("Atbalsta speciālists", "support_specialist"),
        "ngo_manager": Text("Jauniešu NVO pārstāvis", "ngo_manager"),
        "integration_client": Text("Integrācijas klients", "integration_client"),
    },
}
