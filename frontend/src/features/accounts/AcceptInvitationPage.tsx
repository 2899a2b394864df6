import { Alert, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { useAcceptInvitation } from "../../api/queries/accounts";
import { PublicPage, tokenFromLocation } from "./PublicPage";
import { SetPasswordForm } from "./SetPasswordForm";

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const accept = useAcceptInvitation();
  return (
    <PublicPage title={t("accounts.invitation.title")}>
      {accept.isSuccess ? (
        <Alert severity="success" role="status">
          {t("accounts.invitation.done")}
        </Alert>
      ) : (
        <>
          <Typography color="text.secondary">{t("accounts.invitation.intro")}</Typography>
          <SetPasswordForm token={tokenFromLocation(location.hash)} mutation={accept} submitLabel={t("accounts.invitation.submit")} />
        </>
      )}
    </PublicPage>
  );
}
