import { Alert } from "@mui/material";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { useConfirmReset } from "../../api/queries/accounts";
import { PublicPage, tokenFromLocation } from "./PublicPage";
import { SetPasswordForm } from "./SetPasswordForm";

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const confirm = useConfirmReset();
  return (
    <PublicPage title={t("accounts.reset.title")}>
      {confirm.isSuccess ? (
        <Alert severity="success" role="status">
          {t("accounts.reset.done")}
        </Alert>
      ) : (
        <SetPasswordForm token={tokenFromLocation(location.hash)} mutation={confirm} submitLabel={t("accounts.reset.submit")} />
      )}
    </PublicPage>
  );
}
