// Early identification: a student's flags, worklists, counts, the indicator import, plans from flags.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";

export type StudentIndicators = Schemas["StudentIndicatorsRead"];
export type Flag = Schemas["FlagRead"];
export type WorklistItem = Schemas["WorklistItem"];
export type UnexcusedItem = Schemas["UnexcusedItem"];
export type PlanSuggestions = Schemas["PlanSuggestions"];
export type IndicatorImportResult = Schemas["IndicatorImportResult"];
export type ImportJob = Schemas["ImportJobRead"];
export type Worklist = "flagged-without-plan" | "plan-worsening" | "evaluation-due";

const PAGE = 50;

export const studentIndicatorsQuery = (studentId: string) =>
  queryOptions({
    queryKey: ["indicators", "student", studentId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/students/{student_id}/indicators", { params: { path: { student_id: studentId } } })),
  });

const WORKLIST_PATHS = {
  "flagged-without-plan": "/api/v1/worklists/flagged-without-plan",
  "plan-worsening": "/api/v1/worklists/plan-worsening",
  "evaluation-due": "/api/v1/worklists/evaluation-due",
} as const;

export const worklistQuery = (name: Worklist, cursor: string | undefined) =>
  queryOptions({
    queryKey: ["indicators", "worklist", name, cursor ?? ""],
    queryFn: () => unwrap(api.GET(WORKLIST_PATHS[name], { params: { query: { limit: PAGE, cursor } } })),
  });

export const unexcusedQuery = (cursor: string | undefined) =>
  queryOptions({
    queryKey: ["indicators", "unexcused", cursor ?? ""],
    queryFn: () =>
      unwrap(api.GET("/api/v1/worklists/unexcused-over-limit", { params: { query: { limit: PAGE, cursor } } })),
  });

export const countsQuery = () =>
  queryOptions({
    queryKey: ["indicators", "counts"],
    queryFn: () => unwrap(api.GET("/api/v1/indicators/counts")),
  });

export const suggestionsQuery = (studentId: string, semesterId: string) =>
  queryOptions({
    queryKey: ["indicators", "suggestions", studentId, semesterId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/students/{student_id}/plan-suggestions", {
          params: { path: { student_id: studentId }, query: { semester_id: semesterId } },
        }),
      ),
  });

function useIndicatorMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ["indicators"] }),
  });
}

export const useDismissFlag = () =>
  useIndicatorMutation(({ flagId, reason }: { flagId: string; reason: string }) =>
    unwrap(
      api.POST("/api/v1/flags/{flag_id}/dismissal", { params: { path: { flag_id: flagId } }, body: { reason } }),
    ),
  );

export const useMarkReported = () =>
  useIndicatorMutation(
    ({ studentId, semesterId, reportedOn }: { studentId: string; semesterId: string; reportedOn: string }) =>
      unwrap(
        api.PUT("/api/v1/students/{student_id}/absence-report", {
          params: { path: { student_id: studentId } },
          body: { semester_id: semesterId, reported_on: reportedOn },
        }),
      ),
  );

export const usePlanFromFlags = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ studentId, body }: { studentId: string; body: Schemas["PlanFromFlagsIn"] }) =>
      unwrap(
        api.POST("/api/v1/students/{student_id}/plans/from-flags", {
          params: { path: { student_id: studentId } },
          body,
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["indicators"] });
      void client.invalidateQueries({ queryKey: ["plans"] });
    },
  });
};

interface ImportArgs {
  file: File;
  institutionId: string;
  dryRun: boolean;
}

/** Uploads the file as multipart form data; a dry run answers with problems, a real run with a job. */
async function importIndicators({ file, institutionId, dryRun }: ImportArgs): Promise<IndicatorImportResult | ImportJob> {
  return unwrap(
    api.POST("/api/v1/indicators/imports", {
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

export const useImportIndicators = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: importIndicators,
    onSuccess: (_data, args) => {
      if (!args.dryRun) void client.invalidateQueries({ queryKey: ["indicators"] });
    },
  });
};
