import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import "../i18n";
import { DateField } from "./DateField";

function Harness({ initial, onChange, min }: { initial: string; onChange: (v: string | null) => void; min?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <DateField
      label="Sākums"
      value={value}
      min={min}
      onChange={(next) => {
        onChange(next);
        if (next !== null) setValue(next);
      }}
    />
  );
}

afterEach(cleanup);

describe("DateField", () => {
  it("shows the API's date the Latvian way", () => {
    const { container } = render(<Harness initial="2026-12-01" onChange={() => {}} />);
    expect(screen.getByRole("group", { name: "Sākums" })).toBeTruthy();
    expect(container.querySelector("input")).toHaveProperty("value", "01.12.2026");
  });

  it("passes a typed date on as the API writes it", () => {
    const onChange = vi.fn();
    const { container } = render(<Harness initial="" onChange={onChange} />);
    fireEvent.change(container.querySelector("input")!, { target: { value: "15.09.2026" } });
    expect(onChange).toHaveBeenLastCalledWith("2026-09-15");
  });

  it("says so when a date is before the earliest allowed", () => {
    render(<Harness initial="2026-08-01" min="2026-09-01" onChange={() => {}} />);
    expect(screen.getByText("Datums nevar būt agrāks par 01.09.2026")).toBeTruthy();
  });
});
