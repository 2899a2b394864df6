// The one way the app talks to the API: an openapi-fetch client typed by the generated schema, that
// adds the bearer token, refreshes it silently, and turns every failure into an ApiError.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";
import { clearTokens, loadTokens, notifySignedIn, saveTokens, type Tokens } from "./session";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

/** Every failed call: HTTP status plus the problem+json body the API sends. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  /** The refusal's stable code (e.g. `plan.not-editable`): for decisions, never for display. */
  readonly code: string | null;
  /** For people, already in the language the app asked for (Accept-Language). */
  readonly detail: string | null;
  readonly fieldErrors: { loc: (string | number)[]; msg: string }[];

  constructor(status: number, problem: Partial<Problem> | null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.title = problem?.title ?? `HTTP ${status}`;
    this.code = problem?.code ?? null;
    this.detail = problem?.detail ?? null;
    this.fieldErrors = problem?.errors ?? [];
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

const TOKEN_PATH = "/api/v1/auth/token";

// The API answers its messages in the app's language; the i18n layer tells us which.
let language = "lv";

/** The language the API's messages are asked in (Accept-Language of every call). */
export function setApiLanguage(lng: string): void {
  language = lng;
}

export function apiLanguage(): string {
  return language;
}
// Refresh this long before the access token would expire.
const REFRESH_MARGIN_MS = 60_000;

let refreshing: Promise<Tokens | null> | null = null;

async function requestTokens(form: Record<string, string>): Promise<Tokens> {
  const response = await fetch(TOKEN_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": language },
    body: new URLSearchParams(form),
  });
  const body = (await response.json().catch(() => null)) as
    | Schemas["TokenResponse"]
    | Partial<Problem>
    | null;
  if (!response.ok || !body || !("access_token" in body)) {
    throw new ApiError(response.status, body as Partial<Problem> | null);
  }
  return {
    access: body.access_token,
    refresh: body.refresh_token ?? null,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
}

/** Password login; `assignmentId` picks one of the user's role assignments. */
export async function signIn(email: string, password: string, assignmentId?: string): Promise<void> {
  const form: Record<string, string> = { grant_type: "password", username: email, password };
  if (assignmentId) form.scope = assignmentId;
  saveTokens(await requestTokens(form));
  notifySignedIn();
}

/** Exchanges the refresh token once, however many requests ask at the same time. */
function refreshTokens(): Promise<Tokens | null> {
  refreshing ??= (async () => {
    const current = loadTokens();
    if (!current?.refresh) return null;
    try {
      const next = await requestTokens({ grant_type: "refresh_token", refresh_token: current.refresh });
      saveTokens(next);
      return next;
    } catch {
      clearTokens("expired");
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function validAccessToken(): Promise<string | null> {
  const tokens = loadTokens();
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return tokens.access;
  return (await refreshTokens())?.access ?? tokens.access;
}

async function authorisedFetch(request: Request): Promise<Response> {
  request.headers.set("Accept-Language", language);
  const retry = request.clone();
  const token = await validAccessToken();
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(request);
  if (response.status !== 401 || !token) return response;
  // The token was refused (revoked, or the clock moved): one refresh, one retry.
  const fresh = await refreshTokens();
  if (!fresh) {
    clearTokens("expired");
    return response;
  }
  retry.headers.set("Authorization", `Bearer ${fresh.access}`);
  const second = await fetch(retry);
  if (second.status === 401) clearTokens("expired");
  return second;
}

// The API is served by the same origin as the app (in development through the dev server's proxy).
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "", fetch: authorisedFetch });

export async function signOut(): Promise<void> {
  const tokens = loadTokens();
  if (tokens?.refresh) {
    await api.POST("/api/v1/auth/logout", { body: { refresh_token: tokens.refresh } }).catch(() => undefined);
  }
  clearTokens("signed_out");
}

export function isSignedIn(): boolean {
  return loadTokens() !== null;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? null) as Partial<Problem> | null);
  return data as T;
}
