import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useBlocker } from "react-router";
import type { Plan } from "../../api/queries/plans";

/** A part of the plan page with edits of its own (goals, risk assessment): whether they differ from
 * the plan as saved, and how to save them onto a given version of the plan. */
interface Edit {
  dirty: boolean;
  /** Saves the on-screen edits onto `plan` (its version) and returns the plan as saved. */
  save: (plan: Plan) => Promise<Plan>;
}

export interface UnsavedRegistry {
  set: (key: string, edit: Edit | null) => void;
}

/** The plan page provides its registry here; the parts with edits report to it. */
export const UnsavedContext = createContext<UnsavedRegistry | null>(null);

export interface UnsavedEdits {
  /** Keys of the parts with unsaved edits ("goals", "risk"), in the page's order. */
  dirty: string[];
  /** Saves every unsaved part in turn, each onto the plan the previous one returned. */
  saveAll: (plan: Plan) => Promise<Plan>;
}

const ORDER = ["goals", "risk"];

/** The plan page's record of unsaved edits; asks before leaving the page while there are any. */
export function useUnsavedEdits(): { edits: UnsavedEdits; registry: UnsavedRegistry } {
  const saves = useRef(new Map<string, Edit>());
  const [dirty, setDirty] = useState<string[]>([]);
  const registry = useMemo<UnsavedRegistry>(
    () => ({
      set: (key, edit) => {
        if (edit) saves.current.set(key, edit);
        else saves.current.delete(key);
        const now = ORDER.filter((k) => saves.current.get(k)?.dirty);
        setDirty((before) => (before.join() === now.join() ? before : now));
      },
    }),
    [],
  );
  const edits = useMemo<UnsavedEdits>(
    () => ({
      dirty,
      saveAll: async (plan) => {
        let current = plan;
        for (const key of ORDER) {
          const edit = saves.current.get(key);
          if (edit?.dirty) current = await edit.save(current);
        }
        return current;
      },
    }),
    [dirty],
  );
  return { edits, registry };
}

/** Tells the plan page about this part's unsaved edits. */
export function useUnsavedEdit(key: string, dirty: boolean, save: (plan: Plan) => Promise<Plan>) {
  const registry = useContext(UnsavedContext);
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    registry?.set(key, { dirty, save: (plan) => saveRef.current(plan) });
  }, [registry, key, dirty]);
  useEffect(() => () => registry?.set(key, null), [registry, key]);
}

/** While there are unsaved edits: the browser asks before closing or reloading the page, and the app
 * before going to another of its pages (the caller shows `blocker` as a question). */
export function useLeaveGuard(hasUnsaved: boolean) {
  useEffect(() => {
    if (!hasUnsaved) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [hasUnsaved]);
  return useBlocker(({ currentLocation, nextLocation }) => hasUnsaved && currentLocation.pathname !== nextLocation.pathname);
}
