// Tokens of the signed-in user. Kept per browser tab (sessionStorage), so a reload keeps the session
// and another tab may act in another role.
export interface Tokens {
  access: string;
  refresh: string | null;
  expiresAt: number; // epoch milliseconds
}

const KEY = "pumpurs.tokens";
// Set when the session ended by itself, so that a page loaded afterwards (a reload, a link) still
// says why the person is asked to sign in again. Cleared by the next sign-in.
const ENDED_KEY = "pumpurs.session-ended";

type Listener = (reason: "signed_in" | "signed_out" | "expired") => void;
const listeners = new Set<Listener>();

export function loadTokens(): Tokens | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function saveTokens(tokens: Tokens): void {
  sessionStorage.setItem(KEY, JSON.stringify(tokens));
  sessionStorage.removeItem(ENDED_KEY);
}

/** Whether the last session of this tab ended by itself (refresh refused) rather than by signing out. */
export function sessionHasEnded(): boolean {
  return sessionStorage.getItem(ENDED_KEY) !== null;
}

export function clearTokens(reason: "signed_out" | "expired"): void {
  const had = sessionStorage.getItem(KEY) !== null;
  sessionStorage.removeItem(KEY);
  if (reason === "expired" && had) sessionStorage.setItem(ENDED_KEY, "1");
  if (reason === "signed_out") sessionStorage.removeItem(ENDED_KEY);
  if (had) listeners.forEach((l) => l(reason));
}

export function notifySignedIn(): void {
  listeners.forEach((l) => l("signed_in"));
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
