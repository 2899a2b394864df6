import { createTheme } from "@mui/material/styles";

// Colours chosen for WCAG AA contrast on white and on the primary bar.
export const theme = createTheme({
  palette: {
    primary: { main: "#1f5130" },
    secondary: { main: "#6a3d8f" },
    // Darker than MUI's defaults so text and outlines in these colours reach 4.5:1 on white.
    warning: { main: "#9a4700" },
    success: { main: "#1b5e20" },
    info: { main: "#01579b" },
    error: { main: "#b71c1c" },
    background: { default: "#f7f8f7" },
  },
  shape: { borderRadius: 6 },
  typography: {
    h4: { fontSize: "1.75rem", fontWeight: 600 },
    h5: { fontSize: "1.35rem", fontWeight: 600 },
    h6: { fontSize: "1.1rem", fontWeight: 600 },
  },
});
