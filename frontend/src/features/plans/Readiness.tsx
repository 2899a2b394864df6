import { Alert, Box, Link, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import type { Schemas } from "../../api/client";
import type { Plan } from "../../api/queries/plans";

type Readiness = Schemas["PlanReadiness"];

const visuallyHidden = {
  border: 0,
  clip: "rect(0 0 0 0)",
  height: "1px",
  margin: "-1px",
  overflow: "hidden",
  padding: 0,
  position: "absolute",
  whiteSpace: "nowrap",
  width: "1px",
} as const;

/** The submit checklist, each item in the reader's language; a missing consent links to where it is
 * recorded. Either the whole readiness, or only the codes of a refused submit. */
export function ReadinessList({ plan, readiness, codes }: { plan: Plan; readiness?: Readiness; codes?: string[] }) {
  const { t } = useTranslation();
  const items = readiness ? readiness.items : (codes ?? []).map((code) => ({ code, ok: false }));
  return (
    <Box component="ul" sx={{ m: 0, pl: 0, listStyle: "none" }}>
      {items.map((i) => (
        <Box component="li" key={i.code} sx={{ display: "flex", gap: 1, alignItems: "baseline" }} data-ok={i.ok}>
          <span aria-hidden>{i.ok ? "✓" : "✗"}</span>
          <Typography component="span" variant="body2" color={i.ok ? "text.primary" : "error"}>
            <Box component="span" sx={visuallyHidden}>{`${i.ok ? t("care.ready.done") : t("care.ready.missing")}: `}</Box>
            {t(`care.ready.items.${i.code}`)}
            {!i.ok && i.code === "consent" ? (
              <>
                {" — "}
                <Link component={RouterLink} to={`/students/${plan.student_id}#consents`}>
                  {t("care.ready.recordConsent")}
                </Link>
              </>
            ) : null}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

/** Before the plan is written and while it is: what it still needs before it can be submitted. */
export function ReadinessChecklist({ plan, readiness }: { plan: Plan; readiness: Readiness }) {
  const { t } = useTranslation();
  if (readiness.ready) return null;
  const consentMissing = readiness.items.some((i) => i.code === "consent" && !i.ok);
  return (
    <Alert severity={consentMissing ? "warning" : "info"} sx={{ mb: 2 }} component="section" role="region" aria-label={t("care.ready.title")}>
      <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t("care.ready.title")}
      </Typography>
      <ReadinessList plan={plan} readiness={readiness} />
    </Alert>
  );
}
