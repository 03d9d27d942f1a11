import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { payloadDigest } from "./payload-digest";

const sm3 = (data: string | Uint8Array) => createHash("sm3").update(data).digest("hex");

describe("004 §28: an audit entry's digest of the response it describes", () => {
  it("is the hash of the text, whether hashed or found again; bytes and long texts are hashed each time", () => {
    const digest = payloadDigest("sm3");
    const page = `{"items":[["91230100MA1B2C3D4E","数源示例公司"]],"next":null}`;
    expect(digest(page)).toBe(sm3(page));
    // The same text again (as a cached page is sent), built anew so it is not the same string object.
    expect(digest(JSON.parse(JSON.stringify(page)))).toBe(sm3(page));
    expect(digest(page + " ")).toBe(sm3(page + " "));
    expect(digest(Buffer.from(page))).toBe(sm3(page));
    const long = "数".repeat(200_000);
    expect(digest(long)).toBe(sm3(long));
    expect(createHash("sha256").update(page).digest("hex")).toBe(payloadDigest("sha256")(page));
  });

  it("stays right while older texts are dropped to keep within its budget", () => {
    const digest = payloadDigest("sm3");
    const texts = Array.from({ length: 40 }, (_, i) => `${i}:`.padEnd(100_000, String.fromCharCode(0x4e00 + i)));
    for (const round of [1, 2]) for (const text of texts) expect(digest(text), `round ${round}`).toBe(sm3(text));
  });
});
