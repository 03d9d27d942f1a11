import { canonicalize, GENESIS_HASH, sealBatch, type AuditContent } from "@shuyuan/core";
import { describe, expect, it } from "vitest";
import { sealedCopyText } from "./copy-text";

// COPY's text input as PostgreSQL reads it: \N is NULL, a backslash escapes the next character.
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v" };
const copyValue = (v: string | null) => (v === null ? "\\N" : v.replace(/[\\\n\r\t\b\f\v]/g, (c) => COPY_ESCAPES[c]));

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
      expect(line, JSON.stringify(awkward[i])).toBe(values.map(copyValue).join("\t"));
      expect(sealed[i].canonical).toBe(canonicalize(c));
    });
  });
});
