import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";

export type DocumentRead = Schemas["DocumentRead"];
export type DocumentKind = Schemas["DocumentKind"];

export const planDocumentsQuery = (planId: string) =>
  queryOptions({
    queryKey: ["plans", planId, "documents"],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{plan_id}/documents", { params: { path: { plan_id: planId } } })),
  });

export interface DocumentUpload {
  file: File;
  kind: DocumentKind;
  restricted: boolean;
  deliveryId?: string;
  consentId?: string;
}

export function useDocumentMutations(planId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ["plans", planId, "documents"] });
  return {
    upload: useMutation({
      mutationFn: (upload: DocumentUpload) =>
        unwrap(
          api.POST("/api/v1/plans/{plan_id}/documents", {
            params: { path: { plan_id: planId } },
            body: {
              file: upload.file.name,
              kind: upload.kind,
              restricted: upload.restricted,
              delivery_id: upload.deliveryId ?? null,
              consent_id: upload.consentId ?? null,
            },
            bodySerializer: (body) => {
              const form = new FormData();
              form.append("file", upload.file, upload.file.name);
              form.append("kind", body.kind);
              form.append("restricted", String(body.restricted ?? false));
              if (body.delivery_id) form.append("delivery_id", body.delivery_id);
              if (body.consent_id) form.append("consent_id", body.consent_id);
              return form;
            },
          }),
        ),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/documents/{id}", { params: { path: { id } } })),
      onSuccess: refresh,
    }),
  };
}

/** Downloads a document with the caller's token and hands it to the browser as a file. */
export async function downloadDocument(doc: DocumentRead): Promise<void> {
  const { data, response } = await api.GET("/api/v1/documents/{id}/content", {
    params: { path: { id: doc.id } },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new Error(`HTTP ${response.status}`);
  const url = URL.createObjectURL(data);
  const link = document.createElement("a");
  link.href = url;
  link.download = doc.filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
