// The fast lane (as-written.ts) must load exactly what the general path loads. The same rows are
// ingested with the columns in the fields' order and reversed, where the lane takes what it can, and
// with a delimiter the COPY text cannot keep, where every row takes the general path. All three must
// load the same values and give the same quality report. So must a file with columns the entry lacks
// (skipped) and without some of its fields (left out of the COPY text).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { citizenIdCheckChar, creditCodeCheckChar, type DatasetField } from "@shuyuan/core";
import iconv from "iconv-lite";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { copyRows } from "../fixtures/copy-rows";
import { ENTERPRISE_FIELDS } from "../fixtures/enterprises";
import { AsWrittenLane } from "./as-written";
import { ingest } from "./ingest";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-as-written-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const code17 = "91230102MA1B2C3D4";
const id17 = "23010219800101002";
/** Candidate cells per field: loaded as written, loaded normalised, rejected, empty, blank. */
const CANDIDATES: Record<string, string[]> = {
  credit_code: [code17 + creditCodeCheckChar(code17), (code17 + creditCodeCheckChar(code17)).toLowerCase(), ` ${code17}${creditCodeCheckChar(code17)}`, code17 + "0", "91230102MA1B2C3D4I", ""],
  name: ["哈尔滨冰城科技有限公司", "Harbin Ice Ltd", " 前有空格", "=1+1", "有\\反斜杠", "有\t制表符", "长".repeat(101), "长".repeat(100), "😀表情开头", "　全角空格开头", "", "  "],
  legal_person: ["张伟", "王", "Ann", "\u00a0张", "𠀀伟", "欧阳𠀀", "", "   "],
  legal_person_id: [id17 + citizenIdCheckChar(id17), "11010519491231002x", "11010519491231002X", id17 + "0", "990102198001010021", "", " "],
  phone: ["13904510001", "0451-82345678", "045182345678", "+86 139 0451 0001", "(0451)82345678", "12345", "139045", "１３９０４５１０００１", ""],
  registered_capital: ["500.5", "-12", "1,234.50", "1e3", "00012", ".5", "12.", "abc", ""],
  employees: ["35", "0", "-0", "007", "12.00", "9223372036854775808", "1,000", ""],
  established: ["2015-03-12", "2015/3/12", "2015-02-30", "20150312", "2015年3月12日", "2015-03-12 08:00", ""],
  active: ["t", "f", "是", "否", "TRUE", "maybe", ""],
  updated_at: ["2024-05-06 09:30:00", "2024-05-06T09:30:00", "2024-05-06 24:00:00", "2024-05-06 09:30:00+08:00", "2024-05-06", "2024-13-06 09:30:00", ""],
};

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

/** Rows of candidate cells, most of them loaded as written, and lines that are not rows or are ragged. */
function corpus(seed: number, count: number): string[][] {
  const next = random(seed);
  const rows = Array.from({ length: count }, () =>
    ENTERPRISE_FIELDS.map((f) => {
      const options = CANDIDATES[f.name];
      // Most cells are the first (as written) candidate, so that whole rows often are.
      return next() < 0.8 ? options[0] : options[Math.floor(next() * options.length)];
    }),
  );
  rows.push(ENTERPRISE_FIELDS.map(() => ""), ENTERPRISE_FIELDS.map(() => " "));
  return rows;
}

const csvLine = (cells: string[], delimiter: string) => cells.map((c) => (/[",\n\r]/.test(c) && delimiter === "," ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);

/** The file's encoding: UTF-8 is read as bytes, GBK decoded (encoding.ts); the lane reads both. */
let encoding: "utf-8" | "gbk" = "utf-8";

async function load(lines: string[], tag: string, fields: DatasetField[] = ENTERPRISE_FIELDS) {
  const rejectsPath = path.join(tmp, `${tag}.csv`);
  const run = ingest(
    (async function* () {
      yield iconv.encode(lines.join("\r\n") + "\r\n", encoding);
    })(),
    { format: "csv", fields, rejectsPath },
  );
  let text = "";
  for await (const chunk of run.copyText) text += chunk;
  const { report } = run.outcome()!;
  return { text, report: { ...report, durationMs: 0, rejects: report.rejects.map(({ row, column, reason }) => ({ row, column, reason })) }, format: run.copyFormat() };
}

/**
 * The same rows three times: with the columns in the fields' order and reversed (the lane takes what
 * it can), and delimited by a character the COPY text cannot keep (Excel's `sep=#`), so that every row
 * takes the general path.
 */
async function threeWays(rows: string[][], delimiter: string, extraLines: string[] = []) {
  const titles = ENTERPRISE_FIELDS.map((f) => f.title);
  const take = vi.spyOn(AsWrittenLane.prototype, "take");
  const counted = () => {
    const taken = take.mock.results.filter((r) => r.value >= 0).length;
    const sentBack = take.mock.results.filter((r) => r.value < 0).length;
    take.mockClear();
    return { taken, sentBack };
  };
  const tag = `${encoding}-${delimiter.charCodeAt(0)}`;
  const inOrder = { ...(await load([titles.join(delimiter), ...rows.map((r) => csvLine(r, delimiter)), ...extraLines], `in-order-${tag}`)), ...counted() };
  const reverse = (line: string) => line.split(delimiter).reverse().join(delimiter);
  const reversed = { ...(await load([reverse(titles.join(delimiter)), ...rows.map((r) => csvLine([...r].reverse(), delimiter)), ...extraLines.map(reverse)], `reversed-${tag}`)), ...counted() };
  const toHash = (line: string) => line.split(delimiter).join("#");
  const general = { ...(await load(["sep=#", titles.join("#"), ...rows.map((r) => csvLine(r, "#")), ...extraLines.map(toHash)], `general-${tag}`)), ...counted() };
  expect(general.taken + general.sentBack).toBe(0);
  return { inOrder, reversed, general };
}

describe.each(["utf-8", "gbk"] as const)("rows loaded as written (the ingest's fast lane), %s", (fileEncoding) => {
  beforeEach(() => {
    encoding = fileEncoding;
  });

  it.each([
    [",", "comma"],
    [";", "semicolon"],
    ["\t", "tab"],
  ])("load the same values and quality report as the general path, delimited by %j (%s), columns in order or not", async (delimiter) => {
    for (const seed of [1, 2, 3]) {
      const rows = corpus(seed, 400).filter((r) => delimiter === "," || r.every((c) => !c.includes(delimiter)));
      const extra = [["x", "y"].join(delimiter), Array(12).fill("1").join(delimiter)];
      const { inOrder, reversed, general } = await threeWays(rows, delimiter, extra);
      expect(inOrder.format).toEqual({ delimiter, fieldOrder: ENTERPRISE_FIELDS.map((_, i) => i) });
      expect(reversed.format).toEqual({ delimiter, fieldOrder: ENTERPRISE_FIELDS.map((_, i) => i).reverse() });
      expect(general.format.delimiter).toBe("\t");
      const loaded = copyRows(general.text, general.format);
      expect(copyRows(inOrder.text, inOrder.format)).toEqual(loaded);
      expect(copyRows(reversed.text, reversed.format)).toEqual(loaded);
      for (const laned of [inOrder, reversed]) {
        expect(laned.report).toEqual({ ...general.report, delimiter });
        // Both paths were exercised: rows the lane took and rows it sent back.
        expect(laned.taken).toBeGreaterThan(20);
        expect(laned.sentBack).toBeGreaterThan(100);
      }
      expect(inOrder.report.rowsLoaded).toBeGreaterThan(inOrder.taken);
      expect(inOrder.report.rowsRejected).toBeGreaterThan(50);
    }
  });

  it.each([
    [",", "comma"],
    [";", "semicolon"],
    ["\t", "tab"],
  ])("skip the columns the entry lacks and leave out the fields the file lacks, as the general path does, delimited by %j (%s)", async (delimiter) => {
    // A serial-number column first, a remark between two fields, and neither the legal person nor the
    // date-time: so a run of columns passed as written is cut both by skipped columns and at the ends.
    const dropped = new Set(["legal_person", "updated_at"]);
    const kept = ENTERPRISE_FIELDS.flatMap((f, i) => (dropped.has(f.name) ? [] : [i]));
    const reshape = (cells: string[], serial: string) => {
      const line = [serial, ...kept.map((i) => cells[i])];
      line.splice(4, 0, `备注${serial}`);
      return line;
    };
    const header = reshape(ENTERPRISE_FIELDS.map((f) => f.title), "序号");
    const rows = corpus(4, 400)
      .filter((r) => delimiter === "," || r.every((c) => !c.includes(delimiter)))
      .map((r, i) => reshape(r, String(i + 1)));
    const take = vi.spyOn(AsWrittenLane.prototype, "take");
    const laned = await load([header, ...rows].map((r) => csvLine(r, delimiter)), `reshaped-${encoding}`);
    const taken = take.mock.results.filter((r) => r.value >= 0).length;
    const general = await load(["sep=#", ...[header, ...rows].map((r) => csvLine(r, "#"))], `reshaped-general-${encoding}`);
    expect(laned.format).toEqual({ delimiter, fieldOrder: kept });
    expect(copyRows(laned.text, laned.format, ENTERPRISE_FIELDS.length)).toEqual(copyRows(general.text, general.format, ENTERPRISE_FIELDS.length));
    expect(laned.report).toEqual({ ...general.report, delimiter });
    expect(laned.report).toMatchObject({ unknownColumns: ["序号", "备注序号"], missingFields: [...dropped] });
    expect(taken).toBeGreaterThan(20);
    expect(laned.report.rowsLoaded).toBeGreaterThan(taken);
  });

  it("pass a line through with its delimiters, an empty cell as null, and a date-time's zone added, in the file's column order", async () => {
    const code = code17 + creditCodeCheckChar(code17);
    const titles = ENTERPRISE_FIELDS.map((f) => f.title);
    const row = [code, "冰城科技", "", "", "13904510001", "500.5", "35", "2015-03-12", "t", "2024-05-06 09:30:00"];
    const { text, format } = await load([titles.join(","), row.join(","), `${code},冰城科技,,,,,,,,`], "shape");
    expect(format).toEqual({ delimiter: ",", fieldOrder: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(text).toBe(`2,${code},冰城科技,,,13904510001,500.5,35,2015-03-12,t,2024-05-06 09:30:00+08:00\n3,${code},冰城科技,,,,,,,,\n`);
    const reversed = await load([[...titles].reverse().join(","), [...row].reverse().join(",")], "shape-reversed");
    expect(reversed.format.fieldOrder).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(reversed.text).toBe(`2,2024-05-06 09:30:00+08:00,t,2015-03-12,35,500.5,13904510001,,,冰城科技,${code}\n`);
    // Columns the entry lacks are skipped, before, between and after the fields; the fields the file lacks are not listed.
    const skipping = await load(["序号,统一社会信用代码,更新时间,备注,企业名称,附注", `1,${code},2024-05-06 09:30:00,x,冰城科技,y`], "shape-skipping");
    expect(skipping.format.fieldOrder).toEqual([0, 9, 1]);
    expect(skipping.text).toBe(`2,${code},2024-05-06 09:30:00+08:00,冰城科技\n`);
  });

  it("count a repeated key the same whichever path its rows took, however it is written", async () => {
    const fields: DatasetField[] = [
      { name: "name", title: "名称", type: "string", level: 1, sensitivity: "none", required: true, key: true },
      { name: "note", title: "备注", type: "string", level: 1, sensitivity: "none", required: false, key: false },
    ];
    const take = vi.spyOn(AsWrittenLane.prototype, "take");
    // The first and third rows pass as written; the quoted second one takes the general path.
    const { report } = await load(["名称,备注", "冰城科技,甲", '冰城科技,"乙,丙"', "冰城科技,丁", "Ice,戊", '"Ice",己'], "keys", fields);
    expect(take.mock.results.filter((r) => r.value >= 0)).toHaveLength(3);
    expect(report).toMatchObject({ rowsLoaded: 5, duplicateKeys: 3 });
  });

  it("is not used where the COPY text cannot keep the file's delimiter (Excel's sep= line), whose rows load the same", async () => {
    const code = code17 + creditCodeCheckChar(code17);
    const take = vi.spyOn(AsWrittenLane.prototype, "take");
    const { text, format, report } = await load(["sep=#", ENTERPRISE_FIELDS.map((f) => f.title).join("#"), `${code}#冰城\t科技#张伟##13904510001#500.5#35#2015-03-12#t#2024-05-06 09:30:00`], "sep");
    expect(take).not.toHaveBeenCalled();
    expect(format.delimiter).toBe("\t");
    expect(report.rowsLoaded).toBe(1);
    expect(text).toBe(`2\t${code}\t冰城\\t科技\t张伟\t\t13904510001\t500.5\t35\t2015-03-12\tt\t2024-05-06 09:30:00+08:00\n`);
  });
});
