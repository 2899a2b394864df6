import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Response, UploadFile, status

from backend.core.config import get_settings
from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.documents import service
from backend.documents.models import DocumentKind
from backend.documents.schemas import DocumentRead
from backend.identity.dependencies import CurrentPrincipal

router = APIRouter(tags=["documents"])


@router.post(
    "/plans/{plan_id}/documents",
    response_model=DocumentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Attach a document (PDF, JPEG or PNG) to a plan, one of its deliveries or a consent",
    operation_id="documents_upload_document",
    responses=problem_responses(401, 403, 404, 409, 413, 422),
)
def upload_document(
    session: DbSession,
    principal: CurrentPrincipal,
    plan_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="PDF, JPEG or PNG, recognised by content")],
    kind: Annotated[DocumentKind, Form()],
    restricted: Annotated[bool, Form()] = False,
    consent_id: Annotated[uuid.UUID | None, Form()] = None,
    delivery_id: Annotated[uuid.UUID | None, Form()] = None,
) -> DocumentRead:
    data = file.file.read(get_settings().document_max_bytes + 1)
    return service.upload(
        session,
        principal,
        plan_id,
        service.Upload(
            data=data,
            filename=file.filename,
            kind=kind,
            restricted=restricted,
            consent_id=consent_id,
            delivery_id=delivery_id,
        ),
    )


@router.get(
    "/plans/{plan_id}/documents",
    response_model=list[DocumentRead],
    summary="A plan's documents (removed ones stay listed as history)",
    operation_id="documents_list_documents",
    responses=problem_responses(401, 403, 404, 422),
)
def list_documents(
    session: DbSession,
    principal: CurrentPrincipal,
    plan_id: uuid.UUID,
    delivery_id: uuid.UUID | None = None,
) -> list[DocumentRead]:
    return service.list_for_plan(session, principal, plan_id, delivery_id)


@router.get(
    "/documents/{id}/content",
    response_class=Response,
    summary="Download a document",
    operation_id="documents_download_document",
    responses={
        200: {
            "description": "The file",
            "content": {t: {} for t in service.ALLOWED_TYPES},
        },
        **problem_responses(401, 403, 404, 422),
    },
)
def download_document(session: DbSession, principal: CurrentPrincipal, id: uuid.UUID) -> Response:
    file = service.download(session, principal, id)
    return Response(
        file.content,
        media_type=file.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file.filename)}",
            "Cache-Control": "no-store",
        },
    )


@router.delete(
    "/documents/{id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a document (its history entry stays)",
    operation_id="documents_remove_document",
    responses=problem_responses(401, 403, 404, 409, 422),
)
def remove_document(session: DbSession, principal: CurrentPrincipal, id: uuid.UUID) -> Response:
    service.remove(session, principal, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
