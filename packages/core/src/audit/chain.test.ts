import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type AuditContent, canonicalize, chainBatch, ChainVerifier, GENESIS_HASH, type ChainedEntry } from "./chain";
import { signCheckpoint, verifyCheckpoint } from "./checkpoint";

function content(i: number): Omit<AuditContent, "seq"> {
  return {
    at: new Date(Date.UTC(2026, 10, 25, 10, 0, i)).toISOString(),
    action: i % 2 ? "data.download" : "identity.login",
    outcome: "success",
    actorUserId: "u-" + i,
    actorOrganisationId: null,
    tokenId: null,
    regionCode: "230000",
    subjectType: "dataset",
    subjectId: "d-" + i,
    datasetId: null,
    fields: ["name", "phone"],
    rowCount: i,
    purpose: "测试用途",
    grantId: null,
    ip: "127.0.0.1",
    userAgent: "vitest",
    payloadDigest: null,
    detail: { b: 1, a: ["x", { d: 2, c: 3 }] },
  };
}

const chain = (n: number, alg: "sm3" | "sha256" = "sm3") =>
  chainBatch(alg, { seq: 0, hash: GENESIS_HASH }, Array.from({ length: n }, (_, i) => content(i + 1)));

const verify = (entries: ChainedEntry[], alg: "sm3" | "sha256" = "sm3") => {
  const v = new ChainVerifier(alg);
  v.feed(entries);
  return v;
};

describe("audit hash chain (004 §28, 003 §26: tamper-evident record)", () => {
  it("an untouched chain verifies, under SM3 and SHA-256", () => {
    expect(verify(chain(50)).ok).toBe(true);
    expect(verify(chain(50, "sha256"), "sha256").ok).toBe(true);
    expect(chain(1)[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is independent of key order inside the detail object", () => {
    const [a] = chain(1);
    const reordered = { ...a, detail: { a: ["x", { c: 3, d: 2 }], b: 1 } };
    expect(verify([reordered]).ok).toBe(true);
  });

  it("cannot be fooled by moving a separator from one field into another", () => {
    const [a] = chain(1);
    const shifted = { ...a, regionCode: `${a.regionCode},${a.subjectType}`, subjectType: null };
    expect(verify([shifted]).firstBreak).toMatchObject({ seq: 1, kind: "content" });
  });

  it("detects an edited entry at that entry", () => {
    const entries = chain(20);
    entries[7] = { ...entries[7], rowCount: 9999 };
    const v = verify(entries);
    expect(v.firstBreak).toMatchObject({ seq: 8, kind: "content" });
    expect(v.breaks).toHaveLength(1);
  });

  it("detects an edit whose hash was recomputed, at the next entry's link", () => {
    const entries = chain(20);
    const forged = chainBatch("sm3", { seq: 7, hash: entries[6].hash }, [{ ...content(8), purpose: "伪造" }])[0];
    entries[7] = forged;
    expect(verify(entries).firstBreak).toMatchObject({ seq: 9, kind: "link" });
  });

  it("detects a deleted entry as a gap", () => {
    const entries = chain(20);
    entries.splice(4, 1);
    expect(verify(entries).firstBreak).toMatchObject({ seq: 5, kind: "gap", missingFrom: 5, missingTo: 5 });
  });

  it("detects reordered entries", () => {
    const entries = chain(20);
    const a = entries[3];
    entries[3] = { ...entries[4], seq: 4 };
    entries[4] = { ...a, seq: 5 };
    expect(verify(entries).firstBreak?.seq).toBe(4);
  });

  it("detects an inserted entry", () => {
    const entries = chain(20);
    const inserted = { ...entries[9], action: "data.preview", seq: 10 };
    const renumbered = [...entries.slice(0, 9), inserted, ...entries.slice(9).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(verify(renumbered).firstBreak?.seq).toBe(10);
  });

  it("verifies page by page with the same result as all at once", () => {
    const entries = chain(100);
    entries[61] = { ...entries[61], ip: "10.0.0.1" };
    const v = new ChainVerifier("sm3");
    for (let i = 0; i < entries.length; i += 16) v.feed(entries.slice(i, i + 16));
    expect(v.checked).toBe(100);
    expect(v.firstBreak).toMatchObject({ seq: 62, kind: "content" });
  });
});

describe("verifying consecutive ranges at once", () => {
  // Each kind of tampering, at and around a boundary; every split must report what one walk reports.
  const tampered: [string, (entries: ChainedEntry[]) => ChainedEntry[]][] = [
    ["untouched", (e) => e],
    ["edited", (e) => e.map((x) => (x.seq === 6 ? { ...x, rowCount: 1 } : x))],
    ["deleted", (e) => e.filter((x) => x.seq !== 6)],
    ["two deleted", (e) => e.filter((x) => x.seq !== 6 && x.seq !== 7)],
    ["relinked", (e) => e.map((x) => (x.seq === 7 ? { ...x, prevHash: GENESIS_HASH } : x))],
    ["cut from the start", (e) => e.slice(3)],
  ];
  const walk = (entries: ChainedEntry[], cuts: number[]) => {
    const ranges = [0, ...cuts, Infinity].slice(1).map((to, i, all) => entries.filter((x) => x.seq > (i ? all[i - 1] : 0) && x.seq <= to));
    const [first, ...rest] = ranges.map((range, i) => {
      const v = new ChainVerifier("sm3", i ? "joined later" : undefined);
      range.forEach((x) => v.feedLinked({ ...x, linked: Buffer.from(`${x.prevHash}\n${canonicalize(x)}`) }));
      return v;
    });
    // Each range's state as another thread would send it back: a structured clone.
    rest.forEach((v) => first.join(structuredClone(v.state)));
    return { breaks: first.breaks, checked: first.checked, head: first.head };
  };

  it.each(tampered)("%s: the same breaks, count and head at every split", (_, tamper) => {
    const entries = tamper(chain(12));
    const whole = walk(entries, []);
    for (let cut = 0; cut <= 13; cut++) {
      expect(walk(entries, [cut]), `split after ${cut}`).toEqual(whole);
      expect(walk(entries, [cut, cut + 1]), `split after ${cut} and ${cut + 1}`).toEqual(whole);
    }
  });

  it("report a break found on a boundary (so the split is not vacuous)", () => {
    expect(walk(tampered[2][1](chain(12)), [5]).breaks).toEqual([
      expect.objectContaining({ seq: 6, kind: "gap" }),
      expect.objectContaining({ seq: 7, kind: "link" }),
    ]);
  });

  it("stop joining once a range has found enough breaks", () => {
    const entries = chain(12).map((x) => ({ ...x, rowCount: -1 }));
    const a = new ChainVerifier("sm3", undefined, 3);
    const b = new ChainVerifier("sm3", "joined later", 3);
    a.feed(entries.slice(0, 6));
    b.feed(entries.slice(6));
    a.join(b.state);
    expect(a.breaks.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(a.checked).toBe(3);
    expect(a.head).toMatchObject({ seq: 3 });
  });
});

describe("signed checkpoints", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const entries = chain(10);
  const cp = signCheckpoint({ platform: "test", seq: 10, headHash: entries[9].hash, algorithm: "sm3", signedAt: "2026-11-25T10:00:00.000Z" }, privateKey);

  it("verify with the public key alone", () => {
    expect(verifyCheckpoint(cp, pem)).toBe(true);
  });

  it("fail when any field is changed or another key is trusted", () => {
    expect(verifyCheckpoint({ ...cp, seq: 9 }, pem)).toBe(false);
    expect(verifyCheckpoint({ ...cp, headHash: entries[8].hash }, pem)).toBe(false);
    const other = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(verifyCheckpoint(cp, other)).toBe(false);
    expect(verifyCheckpoint(cp, "not a key")).toBe(false);
  });
});
