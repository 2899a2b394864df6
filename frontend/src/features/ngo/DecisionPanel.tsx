import { Box, Button, Paper, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApproveProject, useRejectProject, type Project } from "../../api/queries/ngo";
import { ErrorMessage } from "../../components/QueryState";

/** The municipal coordinator approves (within the call's budget) or rejects with a comment. */
export function DecisionPanel({ project }: { project: Project }) {
  const { t } = useTranslation();
  const approve = useApproveProject(project.id);
  const reject = useRejectProject(project.id);
  const [comment, setComment] = useState("");
  const [missingComment, setMissingComment] = useState(false);
  const busy = approve.isPending || reject.isPending;

  const onReject = () => {
    if (!comment.trim()) {
      setMissingComment(true);
      return;
    }
    reject.mutate({ comment: comment.trim() });
  };

  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="decision-title">
      <Typography variant="h6" component="h2" id="decision-title" gutterBottom>
        {t("ngo.decision.title")}
      </Typography>
      <TextField
        label={t("ngo.decision.comment")}
        value={comment}
        onChange={(e) => {
          setComment(e.target.value);
          setMissingComment(false);
        }}
        multiline
        minRows={2}
        fullWidth
        error={missingComment}
        helperText={missingComment ? t("ngo.decision.commentRequired") : t("ngo.decision.commentHelp")}
        sx={{ mb: 2 }}
      />
      <ErrorMessage error={approve.error ?? reject.error} />
      <Box sx={{ display: "flex", gap: 1, mt: 1 }}>
        <Button
          variant="contained"
          color="success"
          disabled={busy}
          onClick={() => approve.mutate({ comment: comment.trim() || null })}
        >
          {t("ngo.decision.approve")}
        </Button>
        <Button variant="outlined" color="error" disabled={busy} onClick={onReject}>
          {t("ngo.decision.reject")}
        </Button>
      </Box>
    </Paper>
  );
}
