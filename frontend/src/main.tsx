import { loadTokens } from "./api/session";
import { preloadOpeningPage } from "./pages";
import "./styles.css";

// The entry is small on purpose: it starts fetching the code of the page the address opens on at
// once, side by side with the rest of the app (React, Material UI, the router, the texts), instead
// of after all of that has arrived and run. index.html names the rest of the app's files too, so the
// browser fetches them from the first byte.
preloadOpeningPage(location.pathname, loadTokens() !== null);
void import("./start");
