import { canonicalize, GENESIS_HASH, sealBatch, type AuditContent } from "@shuyuan/core";
import { describe, expect, it } from "vitest";
import { sealedCopyText } from "./copy-text";

// COPY's text input as PostgreSQL reads it: \N is NULL, a backslash escapes the next character.
const UNESCAPED: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
const copyValue = (v: string) => (v === "\\N" ? null : v.replace(/\\(.)/gs, (_, c: string) => UNESCAPED[c] ?? c));

const awkward = [...'"\\,(){} \t\n\r\v\f\b'].map((c) => `a${c}b`).concat("", "NULL", "\\N", '""', "中文，（）", "ctl\u0001\u007f", "emoji 😀", ' "q", (p) \\ ');

function content(v: string): Omit<AuditContent, "seq"> {
  return {
    at: "2026-11-25T23:06:43.407Z", action: v, outcome: "error", actorUserId: null, actorOrganisationId: null, tokenId: null,
    regionCode: v, subjectType: null, subjectId: v, datasetId: null, fields: [v, "x"], rowCount: 7, purpose: v, grantId: null, ip: "",
    userAgent: v, payloadDigest: null, detail: { [v]: v },
  };
}

describe("entries as COPY text", () => {
  it("carries exactly the values the canonical text quotes, NULL and empty apart", () => {
    const sealed = sealBatch("sm3", { seq: 0, hash: GENESIS_HASH }, awkward.map(content));
    const lines = sealedCopyText(sealed).toString().split("\n");
    expect(lines.pop()).toBe("");
    lines.forEach((line, i) => {
      const c = { ...content(awkward[i]), seq: i + 1 };
      const values = [String(c.seq), c.at, c.action, c.outcome, null, null, null, c.regionCode, null, c.subjectId, null,
        `{${c.fields!.map((f) => (/^[^{},"\\\s]+$/.test(f) && f.toUpperCase() !== "NULL" ? f : `"${f.replace(/[\\"]/g, (x) => "\\" + x)}"`)).join(",")}}`,
        "7", c.purpose, null, "", c.userAgent, null, JSON.stringify(c.detail), sealed[i].prevHash, sealed[i].hash];
      // Nothing but a tab separates columns, and no raw newline or carriage return is left in a value.
      expect(line, JSON.stringify(awkward[i])).not.toMatch(/\r/);
      expect(line.split("\t").map(copyValue), JSON.stringify(awkward[i])).toEqual(values);
      expect(sealed[i].canonical).toBe(canonicalize(c));
    });
  });
});
