import type { ReactNode } from "react";
import {
  AppBar,
  Box,
  Button,
  Drawer,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Toolbar,
  Typography,
  useMediaQuery,
  type Theme,
} from "@mui/material";
import MenuIcon from "@mui/icons-material/Menu";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, Outlet, useLocation, useNavigate } from "react-router";
import { useMe, useSession } from "../auth/SessionProvider";
import { NAV_ITEMS } from "../navigation";
import { LanguageSwitch } from "./LanguageSwitch";
import { PageLoading } from "./PageLoading";

const DRAWER_WIDTH = 232;

/** The signed-in frame. ``actions`` sit in the top bar before the language switch (the app puts
 * the notification bell there: the shell itself knows no feature). */
export function AppShell({ actions }: { actions?: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items = NAV_ITEMS.filter((item) => item.visible(me));
  // On narrow screens the navigation folds away behind a menu button.
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up("md"));
  const [open, setOpen] = useState(false);
  const active = (path: string) =>
    path === "/" ? location.pathname === "/" : location.pathname === path || location.pathname.startsWith(`${path}/`);

  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }} className="no-print">
        <Toolbar sx={{ gap: 2 }}>
          {wide ? null : (
            <IconButton color="inherit" edge="start" aria-label={t("nav.open")} onClick={() => setOpen(true)}>
              <MenuIcon />
            </IconButton>
          )}
          <Typography variant="h6" component="p" sx={{ flexGrow: 1, fontWeight: 700 }}>
            {t("app.name")}
          </Typography>
          <Box sx={{ textAlign: "right", display: { xs: "none", sm: "block" } }}>
            <Typography variant="body2" data-testid="current-user">
              {me.user.full_name}
            </Typography>
            <Typography variant="caption">
              {t(`roles.${me.current.role}`)}
              {me.current.scope_name ? ` · ${me.current.scope_name}` : ""}
            </Typography>
          </Box>
          {actions}
          <LanguageSwitch />
          <Button
            color="inherit"
            variant="outlined"
            onClick={() => void signOut().then(() => navigate("/login", { replace: true }))}
          >
            {t("auth.signOut")}
          </Button>
        </Toolbar>
      </AppBar>
      <Drawer
        variant={wide ? "permanent" : "temporary"}
        open={wide || open}
        onClose={() => setOpen(false)}
        className="no-print"
        sx={{ width: wide ? DRAWER_WIDTH : 0, flexShrink: 0, "& .MuiDrawer-paper": { width: DRAWER_WIDTH } }}
      >
        <Toolbar />
        <nav aria-label={t("nav.label")}>
          <List>
            {items.map((item) => (
              <ListItem key={item.path} disablePadding>
                <ListItemButton
                  component={RouterLink}
                  to={item.path}
                  onClick={() => setOpen(false)}
                  selected={active(item.path)}
                  aria-current={active(item.path) ? "page" : undefined}
                >
                  <ListItemIcon>
                    <item.icon />
                  </ListItemIcon>
                  <ListItemText primary={t(item.label)} />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </nav>
      </Drawer>
      <Box component="main" id="main" tabIndex={-1} sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar className="no-print" />
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Box>
    </Box>
  );
}
