import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import "../i18n";
import { ConfirmDialog } from "./ConfirmDialog";

afterEach(cleanup);

describe("ConfirmDialog", () => {
  it("names the action and says what will happen; only the named button acts", () => {
    const onConfirm = vi.fn();
    const onClose = vi.fn();
    render(
      <ConfirmDialog open title="Dzēst plāna melnrakstu?" confirmLabel="Dzēst" onConfirm={onConfirm} onClose={onClose} danger>
        Melnraksts tiks dzēsts neatgriezeniski.
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole("dialog", { name: "Dzēst plāna melnrakstu?" });
    expect(dialog.textContent).toContain("Melnraksts tiks dzēsts neatgriezeniski.");
    fireEvent.click(screen.getByRole("button", { name: "Atcelt" }));
    expect(onClose).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Dzēst" }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
