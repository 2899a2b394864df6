// The main navigation. A page joins it by adding one entry here and one in pages.ts.
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
import {
  canApprove,
  canEditCatalogues,
  canImportIndicators,
  canImportStudents,
  canManageApiClients,
  canManageCalls,
  canManageUsers,
  canReadAudit,
  canReadInitiatives,
  canReadMonitoring,
  canReadPlans,
  canReadReports,
  canReadStudents,
  canRunProjects,
  canSeeEarlyWarning,
  canSetUpOrganisation,
  keepsOwnClasses,
} from "./lib/permissions";
import Flag from "@mui/icons-material/Flag";
import AccountTree from "@mui/icons-material/AccountTree";
import Class from "@mui/icons-material/Class";
import FactCheck from "@mui/icons-material/FactCheck";

export interface NavItem {
  path: string;
  /** Translation key of the label. */
  label: string;
  icon: SvgIconComponent;
  visible: (me: Me) => boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { path: "/", label: "nav.home", icon: Home, visible: () => true },
  { path: "/students", label: "nav.students", icon: People, visible: canReadStudents },
  { path: "/plans", label: "nav.plans", icon: Description, visible: canReadPlans },
  { path: "/approvals", label: "nav.approvals", icon: TaskAlt, visible: canApprove },
  { path: "/early-warning", label: "indicators.nav.worklists", icon: Flag, visible: canSeeEarlyWarning },
  { path: "/early-warning/import", label: "indicators.nav.import", icon: FactCheck, visible: canImportIndicators },
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
    visible: canManageUsers,
  },
  { path: "/organisation", label: "setup.nav", icon: AccountTree, visible: canSetUpOrganisation },
  { path: "/organisation/classes", label: "setup.navClasses", icon: Class, visible: keepsOwnClasses },
  {
    path: "/admin/catalogues",
    label: "nav.catalogues",
    icon: Category,
    visible: canEditCatalogues,
  },
  { path: "/integrations/import", label: "nav.studentImport", icon: UploadFile, visible: canImportStudents },
  { path: "/integrations/api-clients", label: "nav.apiClients", icon: Hub, visible: canManageApiClients },
  { path: "/audit", label: "nav.audit", icon: ManageSearch, visible: canReadAudit },
  {
    path: "/monitoring",
    label: "monitoring.nav",
    icon: BarChart,
    visible: canReadMonitoring,
  },
];
