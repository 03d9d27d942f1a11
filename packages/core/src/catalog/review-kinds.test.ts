import { describe, expect, it } from "vitest";
import { AUTHORITY, calendar, CaseDriver, expectRefused, naiveAdd, opener, profile, SYSTEM } from "../cases/case-test-kit.fixture";
import { computeClock } from "../cases/clock";
import { evaluateTransition } from "../cases/evaluate";
import { CASE_KINDS } from "../cases/registry";
import { decideSweep } from "../cases/sweeper";
import type { ActorParty, ClockView, TransitionOk } from "../cases/types";
import { PROFILE_IDS, type ProfileId } from "../profiles";
import { catalogReview, catalogRevocation, catalogUpdate, EDITOR_ROLES, graceEndsOn, REVIEWER_ROLES } from "./review-kinds";

/** The providing department's catalog editor, opening or acting as the applicant. */
const EDITOR = opener("applicant", "department", ["catalog_editor"]);
const DEPT_ADMIN = opener("applicant", "department", ["admin"]);
/** The same-level authority compiling its own catalog (004 §12 市县主管部门编制本级目录). */
const AUTHORITY_EDITOR = opener("applicant", "authority", ["catalog_editor"]);
const DATA_OFFICER: ActorParty[] = [{ party: "applicant", roles: ["data_officer"], as: "department" }];
const AUTHORITY_ADMIN: ActorParty[] = [{ party: "authority", roles: ["admin"] }];
const AUTHORITY_AUDITOR: ActorParty[] = [{ party: "authority", roles: ["auditor"] }];

const clockOf = (r: TransitionOk, name: string): ClockView | undefined => r.clocks.find((c) => c.name === name);

describe("the kinds are registered and their roles are the catalog's", () => {
  it("registry holds catalog_review, catalog_update and catalog_revocation", () => {
    expect(CASE_KINDS.catalog_review).toBe(catalogReview);
    expect(CASE_KINDS.catalog_update).toBe(catalogUpdate);
    expect(CASE_KINDS.catalog_revocation).toBe(catalogRevocation);
  });

  it("editors submit, reviewers decide", () => {
    expect(EDITOR_ROLES).toEqual(["admin", "catalog_editor"]);
    expect(REVIEWER_ROLES).toEqual(["admin", "reviewer"]);
  });
});

// ---------------------------------------------------------------------------------------------
describe("catalog_review (004 §12: the authority's comments are fixed within 5 wd in heilongjiang)", () => {
  const submission = { datasetId: "ds-1", revision: 1, changeSummary: "首次编制" };

  function submitted(id: ProfileId = "heilongjiang", on = "2026-09-28", who = EDITOR) {
    const c = new CaseDriver(catalogReview, profile(id));
    const r = c.act("submit", who, submission, on);
    return { c, r };
  }

  it("004 §12: a department editor (or admin) submits; the case is under review and no fix clock runs yet", () => {
    for (const who of [EDITOR, DEPT_ADMIN, AUTHORITY_EDITOR]) {
      const { r } = submitted("heilongjiang", "2026-09-28", who);
      expect(r).toMatchObject({ nextState: "under_review", version: 1, auditAction: "case.catalog_review.submit" });
      // No fix clock until the authority sends the entry back.
      expect(clockOf(r, "fix")).toBeUndefined();
    }
  });

  it("004 §12: revision requested on 2026-09-30 in heilongjiang is due 2026-10-13", () => {
    // 10-01..07 National Day (off); Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 adjusted working day (3), Mon 10-12 (4), Tue 10-13 (5).
    expect(calendar.isWorkday("2026-10-07")).toBe(false);
    expect(calendar.isWorkday("2026-10-10")).toBe(true);
    expect(naiveAdd(calendar, "2026-09-30", 5)).toBe("2026-10-13");
    const { c } = submitted();
    const r = c.act("request_revision", AUTHORITY, { comments: ["共享条件未写明使用范围", "字段分级有误"] }, "2026-09-30");
    expect(r.nextState).toBe("revision_requested");
    expect(clockOf(r, "fix")).toMatchObject({ state: "running", dueOn: "2026-10-13", remainingWd: 5, lengthWd: 5, basis: "004 §12" });
    expect(computeClock("fix", c.clock("fix"), calendar, "2026-10-12")).toMatchObject({ state: "due_soon", remainingWd: 1, dueOn: "2026-10-13" });
  });

  it("004 §12: a revision requested the day it was submitted still gets the full 5 wd", () => {
    const { c } = submitted("heilongjiang", "2026-09-30");
    const r = c.act("request_revision", AUTHORITY, { comments: ["x"] }, "2026-09-30");
    expect(clockOf(r, "fix")).toMatchObject({ dueOn: "2026-10-13", remainingWd: 5 });
  });

  it("004 §12: resubmitted on time, then approved: published, clock stopped and not late", () => {
    const { c } = submitted();
    c.act("request_revision", AUTHORITY, { comments: ["x"] }, "2026-09-30");
    const resubmitted = c.act("resubmit", EDITOR, { revision: 2, note: "已按意见修改" }, "2026-10-12");
    expect(resubmitted.nextState).toBe("under_review");
    expect(clockOf(resubmitted, "fix")).toMatchObject({ state: "stopped", late: false, remainingWd: 1 });
    // While the authority reviews again, the sweeper has nothing to do: the clock is stopped.
    expect(decideSweep(catalogReview, c.snapshot!, calendar, "2026-10-20").actions).toEqual([]);
    const approved = c.act("approve", AUTHORITY_ADMIN, { note: "同意发布" }, "2026-10-20");
    expect(approved).toMatchObject({ nextState: "published", terminal: true, version: 4 });
    expect(clockOf(approved, "fix")).toMatchObject({ state: "stopped", late: false, stoppedOn: "2026-10-12" });
  });

  it("004 §12 + 004 §42: not fixed by 2026-10-13 → overdue and escalated on Wed 10-14", () => {
    const { c } = submitted();
    c.act("request_revision", AUTHORITY, { comments: ["x"] }, "2026-09-30");
    expect(decideSweep(catalogReview, c.snapshot!, calendar, "2026-10-13").actions.map((a) => a.action)).toEqual(["mark_due_soon"]);
    expect(decideSweep(catalogReview, c.snapshot!, calendar, "2026-10-14").actions).toEqual([
      expect.objectContaining({ action: "mark_overdue", clock: "fix", dueOn: "2026-10-13", overdueWd: 1 }),
      expect.objectContaining({ action: "escalate", clock: "fix", dueOn: "2026-10-13" }),
    ]);
    const late = c.act("resubmit", EDITOR, { revision: 2 }, "2026-10-15");
    expect(clockOf(late, "fix")).toMatchObject({ state: "stopped", late: true, overdueWd: 2 });
  });

  it("004 §12: an entry may be sent back again; each round of comments gets the full 5 wd (a new run of the fix clock)", () => {
    const { c } = submitted();
    c.act("request_revision", AUTHORITY, { comments: ["第一轮意见"] }, "2026-09-30");
    // Fixed in 2 wd (10-08, 10-09) of the 5.
    c.act("resubmit", EDITOR, { revision: 2 }, "2026-10-09");
    const again = c.act("request_revision", AUTHORITY, { comments: ["第二轮意见"] }, "2026-10-12");
    expect(again.nextState).toBe("revision_requested");
    // A fresh 5 wd from 10-12: 10-13 … 10-19.
    expect(clockOf(again, "fix")).toMatchObject({ state: "running", remainingWd: 5, dueOn: "2026-10-19", startedOn: "2026-10-12" });
    c.act("resubmit", EDITOR, { revision: 3 }, "2026-10-14");
    const done = c.act("approve", AUTHORITY, {}, "2026-10-16");
    expect(done.nextState).toBe("published");
    expect(clockOf(done, "fix")).toMatchObject({ state: "stopped", late: false });
    expect(c.clock("fix").map((e) => `${e.type} ${e.on}`)).toEqual([
      "start 2026-09-30",
      "stop 2026-10-09",
      "start 2026-10-12",
      "stop 2026-10-14",
    ]);
  });

  it.each(PROFILE_IDS.filter((id) => id !== "heilongjiang"))("004 §12: no fix clock under %s (the whole review runs without one)", (id) => {
    const { c, r } = submitted(id);
    expect(r.clocks).toEqual([]);
    const sent = c.act("request_revision", AUTHORITY, { comments: ["x"] }, "2026-09-30");
    expect(sent.clocks).toEqual([]);
    c.act("resubmit", EDITOR, { revision: 2 }, "2026-12-30");
    c.act("request_revision", AUTHORITY, { comments: ["y"] }, "2026-12-31");
    c.act("resubmit", EDITOR, { revision: 3 }, "2027-01-04");
    expect(c.act("approve", AUTHORITY, {}, "2027-01-05")).toMatchObject({ nextState: "published", clocks: [] });
    expect(c.snapshot!.clocks).toEqual({});
  });

  it("004 §12: request_revision without comments is refused 400, citing the article", () => {
    const { c } = submitted();
    for (const payload of [{}, { comments: [] }, { comments: ["  "] }]) {
      const r = expectRefused(c.try("request_revision", AUTHORITY, payload, "2026-09-30"), 400, "invalid_payload");
      expect(r.fields!.length).toBeGreaterThan(0);
      for (const f of r.fields!) {
        expect(f.path.startsWith("comments")).toBe(true);
        expect(f.message).toEqual({ zh: "退回修改须写明审核意见（004 §12）", en: "Sending back needs the review comments (004 §12)" });
      }
    }
    expect(c.state).toBe("under_review");
  });

  it("submit needs the dataset and a revision number; unknown fields are refused", () => {
    const c = new CaseDriver(catalogReview, profile("heilongjiang"));
    const r = expectRefused(c.try("submit", EDITOR, { revision: 0, extra: true }, "2026-09-28"), 400, "invalid_payload");
    expect(r.fields!.map((f) => f.path).sort()).toEqual(["datasetId", "extra", "revision"]);
  });

  it("wrong party or role is refused 403", () => {
    const c = new CaseDriver(catalogReview, profile("heilongjiang"));
    // Opening: only a department or an authority, and only its editors.
    expectRefused(c.try("submit", DATA_OFFICER, submission, "2026-09-28"), 403, "role_required");
    expectRefused(c.try("submit", opener("applicant", "public_org"), submission, "2026-09-28"), 403, "opener_not_allowed");
    // A natural person holds no organisation roles: refused on the role before the capacity.
    expectRefused(c.try("submit", opener("applicant", "natural_person", []), submission, "2026-09-28"), 403, "role_required");
    expectRefused(c.try("submit", opener("applicant", "operator"), submission, "2026-09-28"), 403, "opener_not_allowed");
    expectRefused(c.try("submit", AUTHORITY, submission, "2026-09-28"), 403, "wrong_party");
    c.act("submit", EDITOR, submission, "2026-09-28");
    // Deciding: only the authority's reviewers or admins.
    expectRefused(c.try("approve", EDITOR, {}, "2026-09-30"), 403, "wrong_party");
    expectRefused(c.try("request_revision", EDITOR, { comments: ["x"] }, "2026-09-30"), 403, "wrong_party");
    const role = expectRefused(c.try("approve", AUTHORITY_AUDITOR, {}, "2026-09-30"), 403, "role_required");
    expect(role.message.en).toContain("Reviewer");
    expectRefused(c.try("approve", SYSTEM, {}, "2026-09-30"), 403, "wrong_party");
    // The applicant's side: the authority cannot withdraw or resubmit for the department.
    expectRefused(c.try("withdraw", AUTHORITY, {}, "2026-09-30"), 403, "wrong_party");
    c.act("request_revision", AUTHORITY, { comments: ["x"] }, "2026-09-30");
    expectRefused(c.try("resubmit", AUTHORITY, { revision: 2 }, "2026-10-08"), 403, "wrong_party");
    expectRefused(c.try("resubmit", DATA_OFFICER, { revision: 2 }, "2026-10-08"), 403, "role_required");
  });

  it("out-of-order steps are refused 409 (and an unknown action 404)", () => {
    const { c } = submitted();
    expectRefused(c.try("submit", EDITOR, submission, "2026-09-29"), 409, "case_already_open");
    expectRefused(c.try("resubmit", EDITOR, { revision: 2 }, "2026-09-29"), 409, "invalid_state");
    c.act("request_revision", AUTHORITY, { comments: ["x"] }, "2026-09-30");
    expectRefused(c.try("approve", AUTHORITY, {}, "2026-10-08"), 409, "invalid_state");
    expectRefused(c.try("request_revision", AUTHORITY, { comments: ["x"] }, "2026-10-08"), 409, "invalid_state");
    expectRefused(c.try("publish", AUTHORITY, {}, "2026-10-08"), 404, "unknown_action");
    expectRefused(
      evaluateTransition(catalogReview, null, "approve", AUTHORITY, {}, profile("heilongjiang"), calendar, "2026-10-08"),
      409,
      "case_not_open",
    );
  });

  it("the department may withdraw while under review or while revising; withdrawing stops the fix clock", () => {
    const a = submitted().c;
    expect(a.act("withdraw", EDITOR, {}, "2026-09-29")).toMatchObject({ nextState: "withdrawn", terminal: true });
    const b = submitted().c;
    b.act("request_revision", AUTHORITY, { comments: ["x"] }, "2026-09-30");
    const w = b.act("withdraw", DEPT_ADMIN, { reason: "改为合并到其他目录" }, "2026-10-08");
    expect(w).toMatchObject({ nextState: "withdrawn", terminal: true });
    expect(clockOf(w, "fix")).toMatchObject({ state: "stopped", late: false });
    expectRefused(b.try("resubmit", EDITOR, { revision: 2 }, "2026-10-09"), 409, "invalid_state");
  });

  it("a stale version is refused 409 version_conflict", () => {
    const { c } = submitted();
    expectRefused(c.try("approve", AUTHORITY, {}, "2026-09-30", { expectedVersion: 0 }), 409, "version_conflict");
    expect(c.act("approve", AUTHORITY, {}, "2026-09-30", { expectedVersion: 1 }).version).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
describe("catalog_update (004 §15: 3 wd + one extension of at most 5 wd; 002 §9: 15 wd)", () => {
  const change = { datasetId: "ds-1", cause: "legal_change", description: "《个人信息保护法》修订，需调整共享条件" };
  const extension = (workdays: number) => ({ workdays, basis: "省政府办公厅关于数据治理专项工作的通知" });

  function reported(id: ProfileId = "heilongjiang", on = "2026-09-30") {
    const c = new CaseDriver(catalogUpdate, profile(id));
    const r = c.act("report_change", EDITOR, change, on);
    return { c, r };
  }

  it("004 §15: a change recorded 2026-09-30 in heilongjiang must be reflected by Sat 2026-10-10 (3 wd)", () => {
    expect(naiveAdd(calendar, "2026-09-30", 3)).toBe("2026-10-10");
    const { r } = reported();
    expect(r.nextState).toBe("updating");
    expect(clockOf(r, "update")).toMatchObject({ dueOn: "2026-10-10", lengthWd: 3, basis: "004 §15; 002 §9", extendedWd: 0, extensions: 0 });
  });

  it("004 §15: update clock 3 wd, one extension of at most 5 wd (with its policy basis and the authority's consent)", () => {
    const { c } = reported();
    const asked = c.act("request_extension", EDITOR, extension(5), "2026-10-08");
    expect(asked.nextState).toBe("extension_requested");
    // Asking does not move the deadline.
    expect(clockOf(asked, "update")).toMatchObject({ dueOn: "2026-10-10", extensions: 0 });
    const granted = c.act("grant_extension", AUTHORITY, { workdays: 5, reason: "同意延期" }, "2026-10-09");
    expect(granted.nextState).toBe("updating");
    // 10-10 + 5 wd: 10-12, 13, 14, 15, 16.
    expect(naiveAdd(calendar, "2026-10-10", 5)).toBe("2026-10-16");
    expect(clockOf(granted, "update")).toMatchObject({ dueOn: "2026-10-16", extendedWd: 5, extensions: 1 });
    expect(c.clock("update").at(-1)).toEqual({ type: "extend", on: "2026-10-09", byWd: 5, reason: "同意延期" });
    const done = c.act("submit_update", EDITOR, { reviewCaseId: "case-review-9" }, "2026-10-16");
    expect(done).toMatchObject({ nextState: "updated", terminal: true });
    expect(clockOf(done, "update")).toMatchObject({ state: "stopped", late: false });
  });

  it("004 §15: a second extension is refused 409 (one extension only)", () => {
    const { c } = reported();
    c.act("request_extension", EDITOR, extension(2), "2026-10-08");
    c.act("grant_extension", AUTHORITY, { workdays: 2, reason: "同意" }, "2026-10-08");
    // Even though 3 of the 5 wd are left, a second extension is not allowed.
    c.act("request_extension", EDITOR, extension(3), "2026-10-09");
    const r = expectRefused(c.try("grant_extension", AUTHORITY, { workdays: 3, reason: "再次同意" }, "2026-10-09"), 409, "extension_used");
    expect(r.message.en).toContain("004 §15");
    // The authority can still deny it; the deadline stays where the first extension put it.
    const denied = c.act("deny_extension", AUTHORITY, { reasons: ["已延期一次"] }, "2026-10-09");
    expect(denied.nextState).toBe("updating");
    expect(clockOf(denied, "update")).toMatchObject({ dueOn: naiveAdd(calendar, "2026-10-10", 2), extensions: 1, extendedWd: 2 });
  });

  it("004 §15: a 6 wd extension is refused 400, naming the 5 wd limit; 5 wd is granted", () => {
    const { c } = reported();
    c.act("request_extension", EDITOR, extension(6), "2026-10-08");
    const r = expectRefused(c.try("grant_extension", AUTHORITY, { workdays: 6, reason: "同意" }, "2026-10-08"), 400, "invalid_payload");
    expect(r.fields).toEqual([
      {
        path: "workdays",
        message: {
          zh: "延期最长不得超过 5 个工作日，还可延长 5 个工作日（004 §15）",
          en: "Extensions may add at most 5 working days; 5 left (004 §15)",
        },
      },
    ]);
    expect(c.state).toBe("extension_requested");
    expect(clockOf(c.act("grant_extension", AUTHORITY, { workdays: 5, reason: "同意" }, "2026-10-08"), "update")).toMatchObject({ dueOn: "2026-10-16" });
  });

  it("004 §15: an extension request needs its policy basis (400, citing the article); a denial needs reasons", () => {
    const { c } = reported();
    const r = expectRefused(c.try("request_extension", EDITOR, { workdays: 5 }, "2026-10-08"), 400, "invalid_payload");
    expect(r.fields).toEqual([{ path: "basis", message: { zh: "延期须提供相关政策依据（004 §15）", en: "An extension needs its policy basis (004 §15)" } }]);
    c.act("request_extension", EDITOR, extension(5), "2026-10-08");
    expectRefused(c.try("deny_extension", AUTHORITY, { reasons: [] }, "2026-10-08"), 400, "invalid_payload");
    expectRefused(c.try("grant_extension", AUTHORITY, { workdays: 5 }, "2026-10-08"), 400, "invalid_payload");
  });

  it("004 §15 + 004 §42: not updated by Sat 2026-10-10 → overdue on Mon 10-12 and escalated; a late update is recorded late", () => {
    const { c } = reported();
    expect(decideSweep(catalogUpdate, c.snapshot!, calendar, "2026-10-12").actions.map((a) => a.action)).toEqual(["mark_overdue", "escalate"]);
    const late = c.act("submit_update", DEPT_ADMIN, { reviewCaseId: "case-review-9" }, "2026-10-13");
    expect(clockOf(late, "update")).toMatchObject({ state: "stopped", late: true, overdueWd: 2 });
  });

  it("the update may be submitted while an extension request is pending; the authority may cancel", () => {
    const a = reported().c;
    a.act("request_extension", EDITOR, extension(5), "2026-10-08");
    expect(a.act("submit_update", EDITOR, { reviewCaseId: "case-review-9" }, "2026-10-09").nextState).toBe("updated");
    const b = reported().c;
    expectRefused(b.try("cancel", EDITOR, { reason: "无需更新" }, "2026-10-08"), 403, "wrong_party");
    expectRefused(b.try("cancel", AUTHORITY, {}, "2026-10-08"), 400, "invalid_payload");
    const cancelled = b.act("cancel", AUTHORITY, { reason: "经核实目录内容无需调整" }, "2026-10-08");
    expect(cancelled).toMatchObject({ nextState: "cancelled", terminal: true });
    expect(clockOf(cancelled, "update")).toMatchObject({ state: "stopped" });
  });

  it("wrong party or role is refused 403", () => {
    const c = new CaseDriver(catalogUpdate, profile("heilongjiang"));
    expectRefused(c.try("report_change", DATA_OFFICER, change, "2026-09-30"), 403, "role_required");
    expectRefused(c.try("report_change", opener("applicant", "public_org"), change, "2026-09-30"), 403, "opener_not_allowed");
    c.act("report_change", AUTHORITY_EDITOR, change, "2026-09-30");
    expectRefused(c.try("request_extension", AUTHORITY, extension(5), "2026-10-08"), 403, "wrong_party");
    c.act("request_extension", EDITOR, extension(5), "2026-10-08");
    expectRefused(c.try("grant_extension", EDITOR, { workdays: 5, reason: "自批" }, "2026-10-08"), 403, "wrong_party");
    expectRefused(c.try("grant_extension", AUTHORITY_AUDITOR, { workdays: 5, reason: "x" }, "2026-10-08"), 403, "role_required");
  });

  it("the change must be a legal or duty change and be described", () => {
    const c = new CaseDriver(catalogUpdate, profile("heilongjiang"));
    const r = expectRefused(c.try("report_change", EDITOR, { datasetId: "ds-1", cause: "whim" }, "2026-09-30"), 400, "invalid_payload");
    expect(r.fields!.map((f) => f.path).sort()).toEqual(["cause", "description"]);
  });

  it("002 §9: update due in 15 wd under shijingshan (2026-09-30 → 2026-10-27)", () => {
    // 10-08, 09, 10 (3), 10-12..16 (8), 10-19..23 (13), 10-26 (14), 10-27 (15).
    expect(naiveAdd(calendar, "2026-09-30", 15)).toBe("2026-10-27");
    const { c, r } = reported("shijingshan");
    expect(clockOf(r, "update")).toMatchObject({ dueOn: "2026-10-27", lengthWd: 15, basis: "004 §15; 002 §9" });
    expect(c.act("submit_update", EDITOR, { reviewCaseId: "case-review-9" }, "2026-10-27").clocks[0]).toMatchObject({ late: false });
  });

  it("002 §9: shijingshan has no extension: granting one is refused 409", () => {
    const { c } = reported("shijingshan");
    c.act("request_extension", EDITOR, extension(5), "2026-10-08");
    expectRefused(c.try("grant_extension", AUTHORITY, { workdays: 5, reason: "同意" }, "2026-10-08"), 409, "extension_not_allowed");
    expect(c.act("deny_extension", AUTHORITY, { reasons: ["本区无延期规定"] }, "2026-10-08").nextState).toBe("updating");
  });

  it.each(["beijing-open", "lianyungang", "beijing-zones"] as const)("catalog_update is unavailable under %s (409, citing the articles)", (id) => {
    const c = new CaseDriver(catalogUpdate, profile(id));
    const r = expectRefused(c.try("report_change", EDITOR, change, "2026-09-30"), 409, "kind_unavailable");
    expect(r.message.en).toContain("004 §15; 002 §9");
    expect(c.snapshot).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
describe("catalog_revocation (004 §16: revoked after review; an entry in use is served 6 more months)", () => {
  const request = { datasetId: "ds-1", reasons: ["职责划转，原目录无法更新"] };

  function requested(id: ProfileId = "heilongjiang", on = "2026-08-31") {
    const c = new CaseDriver(catalogRevocation, profile(id));
    const r = c.act("request", EDITOR, request, on);
    return { c, r };
  }

  it("004 §16: the request must state why the entry cannot be updated (400, citing the article)", () => {
    const c = new CaseDriver(catalogRevocation, profile("heilongjiang"));
    const r = expectRefused(c.try("request", EDITOR, { datasetId: "ds-1", reasons: [] }, "2026-08-31"), 400, "invalid_payload");
    expect(r.fields).toEqual([
      { path: "reasons", message: { zh: "须说明无法更新而需撤销的原因（004 §16）", en: "State why the entry cannot be updated and must go (004 §16)" } },
    ]);
  });

  it("004 §16: approve (not in use) → revoked at once", () => {
    const { c, r } = requested();
    expect(r).toMatchObject({ nextState: "under_review", clocks: [] });
    expect(c.act("approve", AUTHORITY, { note: "同意撤销" }, "2026-09-01")).toMatchObject({ nextState: "revoked", terminal: true, version: 2 });
  });

  it("004 §16: approve_with_grace (in use) → served through the grace period; only the system completes it", () => {
    const { c } = requested();
    const approvedOn = "2026-08-31";
    expect(c.act("approve_with_grace", AUTHORITY, {}, approvedOn)).toMatchObject({ nextState: "serving_grace", terminal: false });
    const endsOn = graceEndsOn(approvedOn, profile("heilongjiang").revokedEntryGraceMonths!);
    expect(endsOn).toBe("2027-02-28");
    // Neither party may end the grace period by hand.
    expectRefused(c.try("complete", AUTHORITY, { graceEndedOn: endsOn }, endsOn), 403, "wrong_party");
    expectRefused(c.try("complete", EDITOR, { graceEndedOn: endsOn }, endsOn), 403, "wrong_party");
    expectRefused(c.try("withdraw", EDITOR, {}, "2026-09-30"), 409, "invalid_state");
    expectRefused(c.try("complete", SYSTEM, { graceEndedOn: "28/02/2027" }, endsOn), 400, "invalid_payload");
    const done = c.act("complete", SYSTEM, { graceEndedOn: endsOn }, endsOn);
    expect(done).toMatchObject({ nextState: "revoked", terminal: true, data: { graceEndedOn: "2027-02-28" } });
  });

  it("004 §16: the system may record the end of the grace period late, dated the day it ended", () => {
    const { c } = requested();
    c.act("approve_with_grace", AUTHORITY, {}, "2026-08-31");
    const done = c.act("complete", SYSTEM, { graceEndedOn: "2027-02-28" }, "2027-03-01", { effectiveOn: "2027-02-28" });
    expect(done).toMatchObject({ nextState: "revoked", effectiveOn: "2027-02-28" });
  });

  it("004 §16: refuse needs reasons → refused", () => {
    const { c } = requested();
    expectRefused(c.try("refuse", AUTHORITY, {}, "2026-09-01"), 400, "invalid_payload");
    expect(c.act("refuse", AUTHORITY, { reasons: ["可通过更新目录解决"] }, "2026-09-01")).toMatchObject({ nextState: "refused", terminal: true });
  });

  it("004 §16: the department may withdraw its request while it is under review", () => {
    const { c } = requested();
    expectRefused(c.try("withdraw", AUTHORITY, {}, "2026-09-01"), 403, "wrong_party");
    expectRefused(c.try("withdraw", DATA_OFFICER, {}, "2026-09-01"), 403, "role_required");
    expect(c.act("withdraw", EDITOR, { reason: "职责划转撤回" }, "2026-09-01")).toMatchObject({ nextState: "withdrawn", terminal: true });
    expectRefused(c.try("approve", AUTHORITY, {}, "2026-09-02"), 409, "invalid_state");
  });

  it("wrong party or role is refused 403", () => {
    const c = new CaseDriver(catalogRevocation, profile("heilongjiang"));
    expectRefused(c.try("request", AUTHORITY, request, "2026-08-31"), 403, "wrong_party");
    expectRefused(c.try("request", opener("applicant", "public_org"), request, "2026-08-31"), 403, "opener_not_allowed");
    c.act("request", EDITOR, request, "2026-08-31");
    expectRefused(c.try("approve", EDITOR, {}, "2026-09-01"), 403, "wrong_party");
    expectRefused(c.try("approve_with_grace", AUTHORITY_AUDITOR, {}, "2026-09-01"), 403, "role_required");
    expectRefused(c.try("refuse", SYSTEM, { reasons: ["x"] }, "2026-09-01"), 403, "wrong_party");
  });

  it.each(PROFILE_IDS)("a revocation request is accepted under %s (the kind has no clock)", (id) => {
    const { r } = requested(id);
    expect(r.nextState).toBe("under_review");
  });
});

describe("graceEndsOn (004 §16: 6 months, same day of the month or the month's last day)", () => {
  it.each([
    ["2026-08-31", 6, "2027-02-28"],
    ["2027-08-31", 6, "2028-02-29"], // leap year
    ["2023-08-29", 6, "2024-02-29"],
    ["2023-08-30", 6, "2024-02-29"],
    ["2026-03-15", 6, "2026-09-15"],
    ["2026-07-31", 6, "2027-01-31"],
    ["2026-12-31", 6, "2027-06-30"],
    ["2026-10-31", 6, "2027-04-30"],
    ["2026-06-30", 6, "2026-12-30"],
    ["2026-05-31", 1, "2026-06-30"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2026-09-30", 0, "2026-09-30"],
    ["2026-11-15", 3, "2027-02-15"],
  ])("%s + %i months → %s", (approvedOn, months, expected) => {
    expect(graceEndsOn(approvedOn, months)).toBe(expected);
  });
});
