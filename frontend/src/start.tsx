// The app itself, started by main.tsx once this module and all it imports have arrived.
import { startTransition, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./i18n";

const root = document.getElementById("root");
if (!root) throw new Error("No #root element");
// Rendered as a transition, the first render yields to the browser between components instead of
// holding the main thread in one long task (the page shows "Pumpurs" from index.html meanwhile).
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
