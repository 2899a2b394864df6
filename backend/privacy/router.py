import uuid
from typing import Any

from fastapi import APIRouter, Response

from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.identity.dependencies import SubjectAccessExport as SubjectAccessAllowed
from backend.privacy import pdf, service
from backend.privacy.schemas import SubjectAccessExport

router = APIRouter(prefix="/students", tags=["privacy"])

ERRORS = problem_responses(401, 403, 404, 422)
_NO_STORE = {"Cache-Control": "no-store"}


@router.get(
    "/{student_id}/subject-access",
    response_model=SubjectAccessExport,
    summary=(
        "Everything held about one student, as JSON (subject access, GDPR Art. 15; the school's "
        "director or coordinator; audited as an export)"
    ),
    operation_id="privacy_subject_access",
    responses=ERRORS,
)
def subject_access(
    session: DbSession, principal: SubjectAccessAllowed, student_id: uuid.UUID, response: Response
) -> SubjectAccessExport:
    response.headers.update(_NO_STORE)
    return service.subject_access(session, principal, student_id, file_format="json")


_PDF: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        "description": "The same export as a readable PDF",
    }
}


@router.get(
    "/{student_id}/subject-access.pdf",
    response_class=Response,
    summary="Everything held about one student, as a readable PDF (audited as an export)",
    operation_id="privacy_subject_access_pdf",
    responses=_PDF | ERRORS,
)
def subject_access_pdf(
    session: DbSession, principal: SubjectAccessAllowed, student_id: uuid.UUID
) -> Response:
    export = service.subject_access(session, principal, student_id, file_format="pdf")
    return Response(
        content=pdf.render(export),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="subject-access-{student_id}.pdf"',
            **_NO_STORE,
        },
    )
