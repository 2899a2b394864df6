import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { isSignedIn, signIn, signOut, type Schemas } from "../api/client";
import { meQuery } from "../api/queries/auth";
import { onSessionChange, sessionHasEnded } from "../api/session";

export type Me = Schemas["MeResponse"];

interface SessionValue {
  signedIn: boolean;
  me: Me | undefined;
  loading: boolean;
  /** Set when the session ended by itself (refresh refused), until the next sign-in. */
  sessionEnded: boolean;
  signIn: (email: string, password: string, assignmentId?: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [signedIn, setSignedIn] = useState(isSignedIn);
  const [sessionEnded, setSessionEnded] = useState(() => !isSignedIn() && sessionHasEnded());

  useEffect(
    () =>
      onSessionChange((reason) => {
        setSignedIn(reason === "signed_in");
        setSessionEnded(reason === "expired");
        if (reason !== "signed_in") client.clear();
      }),
    [client],
  );

  const me = useQuery({ ...meQuery(), enabled: signedIn });

  const value = useMemo<SessionValue>(
    () => ({
      signedIn,
      me: signedIn ? me.data : undefined,
      loading: signedIn && me.isPending,
      sessionEnded,
      signIn: async (email, password, assignmentId) => {
        await signIn(email, password, assignmentId);
        // Nothing read in another role may show in this one; the current user is read again
        // (kept in the cache so the session's own observer refetches it).
        client.removeQueries({ predicate: (query) => query.queryKey[0] !== "auth" });
        await client.resetQueries({ queryKey: ["auth"] });
      },
      signOut: async () => {
        await signOut();
      },
    }),
    [signedIn, me.data, me.isPending, sessionEnded, client],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in user; only for pages behind RequireSession. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error("useMe without a session");
  return me;
}
