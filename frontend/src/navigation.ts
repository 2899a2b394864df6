// The main navigation. A page joins it by adding one entry here and one route in App.tsx.
import type { SvgIconComponent } from "@mui/icons-material";
import AdminPanelSettings from "@mui/icons-material/AdminPanelSettings";
import Category from "@mui/icons-material/Category";
import Description from "@mui/icons-material/Description";
import Home from "@mui/icons-material/Home";
import People from "@mui/icons-material/People";
import TaskAlt from "@mui/icons-material/TaskAlt";
import Campaign from "@mui/icons-material/Campaign";
import Diversity3 from "@mui/icons-material/Diversity3";
import EventNote from "@mui/icons-material/EventNote";
import Insights from "@mui/icons-material/Insights";
import Hub from "@mui/icons-material/Hub";
import UploadFile from "@mui/icons-material/UploadFile";
import ManageSearch from "@mui/icons-material/ManageSearch";
import BarChart from "@mui/icons-material/BarChart";
import type { Me } from "./auth/SessionProvider";
import { canApprove, hasPermission } from "./lib/permissions";
import { canManageCalls, canReadInitiatives, canReadReports, canRunProjects } from "./features/ngo/access";
import { canImportStudents, canManageApiClients } from "./features/integrations/access";
import { canReadAudit } from "./features/audit/access";

export interface NavItem {
  path: string;
  /** Translation key of the label. */
  label: string;
  icon: SvgIconComponent;
  visible: (me: Me) => boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { path: "/", label: "nav.home", icon: Home, visible: () => true },
  { path: "/students", label: "nav.students", icon: People, visible: (me) => hasPermission(me, "students:read") },
  { path: "/plans", label: "nav.plans", icon: Description, visible: (me) => hasPermission(me, "plans:read") },
  { path: "/approvals", label: "nav.approvals", icon: TaskAlt, visible: canApprove },
  {
    path: "/ngo/calls",
    label: "nav.ngoCalls",
    icon: Campaign,
    visible: (me) => canManageCalls(me) || canRunProjects(me) || canReadReports(me),
  },
  {
    path: "/ngo/projects",
    label: "nav.ngoProjects",
    icon: Diversity3,
    visible: (me) => canManageCalls(me) || canRunProjects(me) || canReadReports(me),
  },
  { path: "/ngo/activities", label: "nav.ngoActivities", icon: EventNote, visible: canReadInitiatives },
  { path: "/ngo/reports", label: "nav.ngoReports", icon: Insights, visible: canReadReports },
  {
    path: "/admin/users",
    label: "nav.users",
    icon: AdminPanelSettings,
    visible: (me) => hasPermission(me, "users:write"),
  },
  {
    path: "/admin/catalogues",
    label: "nav.catalogues",
    icon: Category,
    visible: (me) => hasPermission(me, "catalogue:write"),
  },
  { path: "/integrations/import", label: "nav.studentImport", icon: UploadFile, visible: canImportStudents },
  { path: "/integrations/api-clients", label: "nav.apiClients", icon: Hub, visible: canManageApiClients },
  { path: "/audit", label: "nav.audit", icon: ManageSearch, visible: canReadAudit },
  {
    path: "/monitoring",
    label: "monitoring.nav",
    icon: BarChart,
    visible: (me) => hasPermission(me, "plans:read") && me.current.scope_type !== "institution",
  },
];
