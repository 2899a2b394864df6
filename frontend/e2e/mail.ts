import { expect } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The messages the test SMTP server received (the maildir e2e/serve.sh keeps), decoded. */
function received(): { to: string; text: string }[] {
  const dir = join(process.env.E2E_MAIL_DIR ?? "", "new");
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files.map((name) => {
    const raw = readFileSync(join(dir, name), "utf8");
    const [head, ...rest] = raw.split(/\r?\n\r?\n/);
    const body = rest.join("\n\n");
    const to = /^To: (.+)$/im.exec(head ?? "")?.[1]?.trim() ?? "";
    // The server sends quoted-printable: soft breaks and =XX bytes.
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return { to, text: Buffer.from(bytes, "latin1").toString("utf8") };
  });
}

/** Waits for the worker to send a mail to `address` and returns the path of the link in it. */
export async function linkSentTo(address: string, linkPath: string): Promise<string> {
  let link = "";
  await expect
    .poll(
      () => {
        const message = received().find((m) => m.to === address && m.text.includes(linkPath));
        const match = message ? new RegExp(`https?://[^/\\s]+(${linkPath}#token=[\\w-]+)`).exec(message.text) : null;
        link = match?.[1] ?? "";
        return link;
      },
      { timeout: 45_000, message: `a mail with ${linkPath} to ${address}` },
    )
    .not.toBe("");
  return link;
}

export function mailsTo(address: string): string[] {
  return received()
    .filter((m) => m.to === address)
    .map((m) => m.text);
}
