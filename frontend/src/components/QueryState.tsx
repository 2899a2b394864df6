import { Alert } from "@mui/material";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { NotFound } from "./NotFound";
import { PageLoading } from "./PageLoading";

interface Props {
  isPending: boolean;
  error: unknown;
  children: () => ReactNode;
}

/** Loading spinner, "not found" page or error message for a query; otherwise the content. */
export function QueryState({ isPending, error, children }: Props) {
  if (error) {
    if (error instanceof ApiError && error.isNotFound) return <NotFound />;
    return <ErrorMessage error={error} />;
  }
  if (isPending) return <PageLoading />;
  return <>{children()}</>;
}

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  let message = t("errors.unexpected");
  // The server's own words, in the language the app asked for (client.ts sends Accept-Language).
  if (error instanceof ApiError && error.status === 412) message = t("errors.conflict");
  else if (error instanceof ApiError && error.fieldErrors.length) {
    // What is wrong with each field, rather than the list of field paths.
    message = [...new Set(error.fieldErrors.map((e) => e.msg))].join("; ");
  } else if (error instanceof ApiError && error.detail) message = error.detail;
  return (
    <Alert severity="error" role="alert">
      {message}
    </Alert>
  );
}
