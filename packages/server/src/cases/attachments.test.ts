// Case attachments over HTTP (issue 4: "a case page with its full timeline (… attachments …)", "attachments
// are type- and size-checked"): upload into object storage, name in a transition, download by the case's
// parties only. The storage is a local directory the test can list.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_ATTACHMENT_BYTES } from "@shuyuan/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import * as fixture from "../storage/fixtures.testing";
import { localStorage } from "../storage/local";
import type { ObjectStorage } from "../storage/types";
import { type ApiClient, clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
let storage: ObjectStorage;
let storageDir: string;
let admin: ApiClient; // the supervising authority
let market: ApiClient;
let health: ApiClient; // the provider
let transport: ApiClient; // no party to the cases here
let company: ApiClient; // the objecting public organisation
let org: Record<"market" | "health", string>;

beforeAll(async () => {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-case-attachments-"));
  storage = localStorage(storageDir);
  server = await startTestServer({ storage });
  [admin, market, health, transport, company] = Array.from({ length: 5 }, () => clientFor(server));
  await Promise.all([
    admin.login("admin", DEMO_PASSWORD),
    market.login("market", DEMO_PASSWORD),
    health.login("health", DEMO_PASSWORD),
    transport.login("transport", DEMO_PASSWORD),
    company.login("company", DEMO_PASSWORD),
  ]);
  const all = (await admin.get("/api/v1/organisations?pageSize=100")).body.items as { id: string; name: string }[];
  org = { market: all.find((o) => o.name.includes("市场监督"))!.id, health: all.find((o) => o.name.includes("卫生健康"))!.id };
  server.app.cases.clock.today = () => "2026-09-30";
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

const pdfOf = (size: number) => {
  const out = new Uint8Array(size).fill(0x20);
  out.set(fixture.PDF);
  return out;
};
const upload = (who: ApiClient, name: string, data: Uint8Array) => who.upload("/api/v1/cases/attachments", { name, data });
const storedKeys = () => storage.list("case-attachments/");
const attachmentRows = async () => Number((await sql<{ n: string }>`select count(*) as n from case_attachments`.execute(server.database.db)).rows[0].n);

const objection = (attachments: unknown[]) => ({
  kind: "correction",
  handlerOrganisationId: org.health,
  subject: { type: "dataset", id: "ds-birth-records" },
  title: "出生登记数据有误（附证明）",
  payload: { datasetId: "ds-birth-records", problem: "inaccurate", description: "地址与户籍证明不一致", attachments },
});

describe("case attachments", () => {
  it("004 §24: an objection's proof is uploaded, named in the correction, listed on its timeline and downloaded by the provider and the authority", async () => {
    const data = pdfOf(4096);
    const up = await upload(company, "户籍证明.pdf", data);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toEqual({ id: expect.any(String), name: "户籍证明.pdf", mediaType: "application/pdf", size: data.length });

    const opened = await company.post("/api/v1/cases", objection([up.body]));
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const seen = await health.get(`/api/v1/cases/${opened.body.id}`);
    expect(seen.body.timeline[0].data.attachments).toEqual([up.body]);

    for (const who of [health, admin, company]) {
      const got = await who.download(`/api/v1/cases/${opened.body.id}/attachments/${up.body.id}`);
      expect(got.status).toBe(200);
      expect(Buffer.compare(got.data, Buffer.from(data))).toBe(0);
      expect(got.headers.get("content-type")).toBe("application/pdf");
      expect(got.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("户籍证明.pdf")}`);
      expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    }
    const audit = await sql<{ action: string; subject_id: string; detail: Record<string, unknown> }>`
      select action, subject_id, detail from audit_entries where action like 'case.attachment.%' and (subject_id = ${up.body.id} or subject_id = ${opened.body.id}) order by seq`.execute(server.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(["case.attachment.upload", "case.attachment.download", "case.attachment.download", "case.attachment.download"]);
    expect(audit.rows[1].detail).toMatchObject({ attachmentId: up.body.id, name: "户籍证明.pdf", size: data.length });
  });

  it("an attachment already on the case may be named again by another party (the provider's answer citing it)", async () => {
    const up = await upload(company, "证明.pdf", fixture.PDF);
    const opened = await company.post("/api/v1/cases", objection([up.body]));
    const answer = await health.post(`/api/v1/cases/${opened.body.id}/actions/answer`, {
      expectedVersion: 1,
      payload: { outcome: "corrected", explanation: "已按证明更正", attachments: [up.body] },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  });

  it("a forged type (an executable named .pdf) is refused and nothing is stored", async () => {
    const [keys, rows] = [await storedKeys(), await attachmentRows()];
    const res = await upload(company, "证明.pdf", fixture.EXE);
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: "unsupported_type", message: expect.stringContaining("exe"), messageEn: expect.stringContaining("exe") });
    // A type the platform stores elsewhere, but not one core allows on a case.
    const json = await upload(company, "数据.json", fixture.JSON_DOC);
    expect(json.status).toBe(415);
    expect(json.body.error).toMatchObject({ code: "unsupported_type", messageEn: "Only PDF, DOCX, XLSX, CSV, ZIP, PNG, JPEG, OFD files are accepted here" });
    expect(await storedKeys()).toEqual(keys);
    expect(await attachmentRows()).toBe(rows);
  });

  it("an attachment over core's 20 MB is refused with 413 while streaming and nothing is stored", async () => {
    const [keys, rows] = [await storedKeys(), await attachmentRows()];
    const res = await upload(company, "太大.pdf", pdfOf(MAX_ATTACHMENT_BYTES + 10));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "file_too_large", message: "文件超过 20 MB 的上限" });
    expect(await storedKeys()).toEqual(keys);
    expect(await attachmentRows()).toBe(rows);
    expect((await company.get("/api/v1/cases")).status).toBe(200);
  });

  it("someone else's attachment, an unknown id or altered metadata in a payload is refused, and the case is not opened", async () => {
    const theirs = await upload(market, "别人的.pdf", fixture.PDF);
    const mine = await upload(company, "我的.pdf", fixture.PDF);
    const before = (await company.get("/api/v1/cases?pageSize=100")).body.total;
    const refusals = [
      [[theirs.body], "payload.attachments.0.id", "No such attachment, or it is not one you uploaded"],
      [[mine.body, { ...mine.body, id: "00000000-0000-4000-8000-000000000000" }], "payload.attachments.1.id", "No such attachment, or it is not one you uploaded"],
      [[{ ...mine.body, id: "not-a-uuid" }], "payload.attachments.0.id", "No such attachment, or it is not one you uploaded"],
      [[{ ...mine.body, size: mine.body.size + 1 }], "payload.attachments.0", "The attachment's name, type or size differs from the uploaded file"],
    ] as const;
    for (const [attachments, fieldPath, messageEn] of refusals) {
      const res = await company.post("/api/v1/cases", objection([...attachments]));
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: fieldPath, message: expect.any(String), messageEn }]);
    }
    expect((await company.get("/api/v1/cases?pageSize=100")).body.total).toBe(before);
    // Still the uploader's, so it can be used once the payload is right.
    expect((await company.post("/api/v1/cases", objection([mine.body]))).status).toBe(201);
    // Linked to that case, it cannot be carried into another.
    const again = await company.post("/api/v1/cases", objection([mine.body]));
    expect(again.status).toBe(400);
  });

  it("a non-party downloading a case's attachment gets 404, as for a missing case", async () => {
    const up = await upload(company, "证明.pdf", fixture.PDF);
    const opened = await company.post("/api/v1/cases", objection([up.body]));
    const url = `/api/v1/cases/${opened.body.id}/attachments/${up.body.id}`;
    expect((await transport.download(url)).status).toBe(404);
    expect((await market.download(url)).status).toBe(404);
    // An attachment of another case through this one is as absent.
    const other = await company.post("/api/v1/cases", objection([]));
    expect((await company.download(`/api/v1/cases/${other.body.id}/attachments/${up.body.id}`)).status).toBe(404);
    const denied = await sql<{ outcome: string }>`
      select outcome from audit_entries where action = 'case.attachment.download' and subject_id = ${opened.body.id} order by seq`.execute(server.database.db);
    expect(denied.rows.map((r) => r.outcome)).toEqual(["denied", "denied"]);
  });

  it("`../` and quotes in an attachment's name are harmless: stored under a generated key, sent back cleaned", async () => {
    // Raw multipart: a browser's FormData would percent-encode the quotes before they reach the server.
    const boundary = "case-attachment-boundary";
    const raw = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="../../etc/\\"passwd\\".pdf"',
      "Content-Type: application/pdf",
      "",
      Buffer.from(fixture.PDF).toString("latin1"),
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const up = await company.request("POST", "/api/v1/cases/attachments", undefined, { headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, raw });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.name).toBe("_passwd_.pdf");
    expect(await storedKeys()).toContain(`case-attachments/${up.body.id}`);
    const opened = await company.post("/api/v1/cases", objection([up.body]));
    const got = await health.download(`/api/v1/cases/${opened.body.id}/attachments/${up.body.id}`);
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="_passwd_.pdf"; filename*=UTF-8''_passwd_.pdf`);
  });
});
