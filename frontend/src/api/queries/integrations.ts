// Integration: API clients of other systems, bulk import of students, CSV exports.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap, type Problem, type Schemas } from "../client";

export type ApiClient = Schemas["ApiClientRead"];
export type ApiClientWithSecret = Schemas["ApiClientWithSecret"];
export type ImportJob = Schemas["ImportJobRead"];
export type ImportResult = Schemas["ImportResult"];
export type ImportProblem = Schemas["ImportProblem"];

// The clients of one municipality, or of the whole country, fit on one page.
const ALL = 200;
// How often a running import is asked for its progress.
const POLL_MS = 400;

export const apiClientsQuery = () =>
  queryOptions({
    queryKey: ["api-clients"],
    queryFn: () => unwrap(api.GET("/api/v1/api-clients", { params: { query: { limit: ALL } } })),
  });

function useClientMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: ["api-clients"] }) });
}

export const useCreateApiClient = () =>
  useClientMutation((body: Schemas["ApiClientCreate"]) => unwrap(api.POST("/api/v1/api-clients", { body })));

export const useRotateSecret = () =>
  useClientMutation((id: string) =>
    unwrap(api.POST("/api/v1/api-clients/{id}/rotate-secret", { params: { path: { id } } })),
  );

export const useRevokeApiClient = () =>
  useClientMutation((id: string) => unwrap(api.POST("/api/v1/api-clients/{id}/revoke", { params: { path: { id } } })));

export const importJobQuery = (id: string) =>
  queryOptions({
    queryKey: ["imports", id],
    queryFn: () => unwrap(api.GET("/api/v1/imports/{id}", { params: { path: { id } } })),
    // Asked again until the job has ended, so the progress bar moves.
    refetchInterval: (query) => (query.state.data && query.state.data.status !== "running" ? false : POLL_MS),
    staleTime: 0,
  });

interface ImportArgs {
  file: File;
  institutionId: string;
  dryRun: boolean;
}

/** Uploads the file as multipart form data; a dry run answers with problems, a real run with a job. */
async function importStudents({ file, institutionId, dryRun }: ImportArgs): Promise<ImportResult | ImportJob> {
  return unwrap(
    api.POST("/api/v1/imports/students", {
      body: { file: file.name, institution_id: institutionId, dry_run: dryRun },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file, file.name);
        form.append("institution_id", institutionId);
        form.append("dry_run", String(dryRun));
        return form;
      },
    }),
  );
}

export const useImportStudents = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: importStudents,
    onSuccess: (data, args) => {
      if (args.dryRun || !("id" in data)) return;
      // The progress bar starts from the job as accepted, before the first poll answers.
      client.setQueryData(importJobQuery(data.id).queryKey, data);
      void client.invalidateQueries({ queryKey: ["students"] });
    },
  });
};

export type ExportKind = "students" | "plan-statuses";

export interface CsvFile {
  blob: Blob;
  fileName: string | null;
}

/** A CSV export of the caller's scope, as the API names it in Content-Disposition. */
export async function exportCsv(kind: ExportKind): Promise<CsvFile> {
  const path = kind === "students" ? "/api/v1/exports/students.csv" : "/api/v1/exports/plan-statuses.csv";
  const { data, error, response } = await api.GET(path, { parseAs: "blob" });
  if (!response.ok || !data) throw new ApiError(response.status, (error ?? null) as Partial<Problem> | null);
  return { blob: data, fileName: fileNameOf(response.headers.get("Content-Disposition")) };
}

/** The file name of an attachment's Content-Disposition header. */
export function fileNameOf(disposition: string | null): string | null {
  const match = disposition?.match(/filename="?([^";]+)"?/i);
  return match?.[1] ?? null;
}

// --- a client's webhooks, as IKVD and the municipal coordinator see them ------------------------

export type ClientWebhook = Schemas["WebhookAdminRead"];

export const apiClientQuery = (id: string) =>
  queryOptions({
    queryKey: ["api-clients", id],
    queryFn: () => unwrap(api.GET("/api/v1/api-clients/{id}", { params: { path: { id } } })),
  });

export const clientWebhooksQuery = (id: string) =>
  queryOptions({
    queryKey: ["api-clients", id, "webhooks"],
    queryFn: () => unwrap(api.GET("/api/v1/api-clients/{id}/webhooks", { params: { path: { id } } })),
  });

export const webhookDeliveriesQuery = (id: string, webhookId: string, failedOnly: boolean) =>
  queryOptions({
    queryKey: ["api-clients", id, "webhooks", webhookId, "deliveries", failedOnly],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/api-clients/{id}/webhooks/{webhook_id}/deliveries", {
          params: { path: { id, webhook_id: webhookId }, query: { limit: 50, status: failedOnly ? "failed" : undefined } },
        }),
      ),
  });

interface WebhookArgs {
  clientId: string;
  webhookId: string;
}

export const usePauseWebhook = () =>
  useClientMutation(({ clientId, webhookId }: WebhookArgs) =>
    unwrap(
      api.POST("/api/v1/api-clients/{id}/webhooks/{webhook_id}/pause", {
        params: { path: { id: clientId, webhook_id: webhookId } },
      }),
    ),
  );

export const useResumeWebhook = () =>
  useClientMutation(({ clientId, webhookId }: WebhookArgs) =>
    unwrap(
      api.POST("/api/v1/api-clients/{id}/webhooks/{webhook_id}/resume", {
        params: { path: { id: clientId, webhook_id: webhookId } },
      }),
    ),
  );

export const useReplayWebhook = () =>
  useClientMutation(({ clientId, webhookId, fromSequence }: WebhookArgs & { fromSequence: number }) =>
    unwrap(
      api.POST("/api/v1/api-clients/{id}/webhooks/{webhook_id}/replay", {
        params: { path: { id: clientId, webhook_id: webhookId } },
        body: { from_sequence: fromSequence },
      }),
    ),
  );
