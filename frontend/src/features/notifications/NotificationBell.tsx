import NotificationsIcon from "@mui/icons-material/Notifications";
import {
  Badge,
  Box,
  Button,
  Divider,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Popover,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";
import {
  notificationListQuery,
  unreadCountQuery,
  useNotificationMutations,
  type Notification,
} from "../../api/queries/notifications";
import { formatDateTime } from "../../lib/format";
import { notificationTarget, notificationText } from "./text";

/** The bell in the app bar: the unread count, and the latest notifications to open. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const titleId = useId();
  const unread = useQuery(unreadCountQuery());
  const list = useQuery({ ...notificationListQuery(), enabled: anchor !== null });
  const { markRead, markAllRead } = useNotificationMutations();
  const count = unread.data?.unread ?? 0;

  const open = (n: Notification) => {
    setAnchor(null);
    if (!n.read_at) markRead.mutate(n.id);
    void navigate(notificationTarget(n));
  };

  return (
    <>
      <IconButton
        color="inherit"
        aria-label={t("notifications.bell", { count })}
        aria-haspopup="dialog"
        onClick={(event) => setAnchor(event.currentTarget)}
        data-testid="notification-bell"
      >
        <Badge badgeContent={count} color="error" max={99} data-testid="notification-count">
          <NotificationsIcon />
        </Badge>
      </IconButton>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: "bottom", horizontal: "right" }}
        transformOrigin={{ vertical: "top", horizontal: "right" }}
        slotProps={{ paper: { role: "dialog", "aria-labelledby": titleId, sx: { width: 380, maxWidth: "95vw" } } }}
      >
        <Box sx={{ display: "flex", alignItems: "center", px: 2, py: 1 }}>
          <Typography id={titleId} variant="subtitle1" component="h2" sx={{ flexGrow: 1, fontWeight: 600 }}>
            {t("notifications.title")}
          </Typography>
          {count > 0 ? (
            <Button size="small" onClick={() => markAllRead.mutate()}>
              {t("notifications.markAllRead")}
            </Button>
          ) : null}
        </Box>
        <Divider />
        {list.data && list.data.items.length === 0 ? (
          <Typography sx={{ p: 2 }} color="text.secondary">
            {t("notifications.none")}
          </Typography>
        ) : (
          <List dense disablePadding aria-label={t("notifications.title")}>
            {(list.data?.items ?? []).map((n) => (
              <ListItem key={n.id} disablePadding>
                <ListItemButton onClick={() => open(n)} sx={{ fontWeight: n.read_at ? 400 : 700 }}>
                  <ListItemText
                    primary={notificationText(t, n)}
                    secondary={`${formatDateTime(n.created_at)}${n.read_at ? "" : ` · ${t("notifications.unread")}`}`}
                    slotProps={{ primary: { sx: { fontWeight: "inherit" } } }}
                  />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        )}
        <Divider />
        <Box sx={{ p: 1, textAlign: "right" }}>
          <Button component={RouterLink} to="/notifications" size="small" onClick={() => setAnchor(null)}>
            {t("notifications.all")}
          </Button>
        </Box>
      </Popover>
    </>
  );
}
