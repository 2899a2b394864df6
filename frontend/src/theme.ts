import { createTheme } from "@mui/material/styles";

// Colours chosen for WCAG AA contrast on white and on the primary bar.
export const theme = createTheme({
  palette: {
    primary: { main: "#1f5130" },
    secondary: { main: "#7a4b00" },
    background: { default: "#f7f8f7" },
  },
  shape: { borderRadius: 6 },
  typography: {
    h4: { fontSize: "1.75rem", fontWeight: 600 },
    h5: { fontSize: "1.35rem", fontWeight: 600 },
    h6: { fontSize: "1.1rem", fontWeight: 600 },
  },
});
