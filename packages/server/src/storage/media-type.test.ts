import { describe, expect, it } from "vitest";
import { contentDisposition, sanitiseFileName } from "./file-name";
import * as f from "./fixtures.testing";
import { sniffFile } from "./media-type";

describe("sniffFile: the type is the content's, not the client's", () => {
  it.each([
    ["报告.pdf", () => f.PDF, "application/pdf"],
    ["说明.docx", f.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["数据.xlsx", f.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["企业.csv", () => f.CSV_UTF8, "text/csv"],
    ["企业-gbk.csv", () => f.CSV_GBK, "text/csv"],
    ["道路.zip", f.shapefileZip, "application/zip"],
    ["地图.png", () => f.PNG, "image/png"],
    ["照片.jpg", () => f.JPEG, "image/jpeg"],
    ["照片.JPEG", () => f.JPEG, "image/jpeg"],
    ["公文.ofd", f.ofd, "application/ofd"],
    ["数据.json", () => f.JSON_DOC, "application/json"],
    ["站点.geojson", () => f.GEOJSON, "application/geo+json"],
  ])("accepts %s as %s", async (name, data, type) => {
    const r = await sniffFile(await data(), name);
    expect(r.ok && r.type.mediaType).toBe(type);
    expect(r.ok && r.name).toBe(name);
  });

  it("refuses an executable renamed .pdf, naming what it is", async () => {
    const r = await sniffFile(f.EXE, "通知.pdf");
    expect(r).toMatchObject({ ok: false, code: "unsupported_type" });
    expect(!r.ok && r.message.en).toContain("exe");
  });

  it("refuses a real file whose name claims another accepted type", async () => {
    expect(await sniffFile(await f.shapefileZip(), "报告.pdf")).toMatchObject({ ok: false, code: "type_mismatch" });
    expect(await sniffFile(f.PNG, "照片.jpg")).toMatchObject({ ok: false, code: "type_mismatch" });
  });

  it("appends the right extension when the name has none or an unknown one", async () => {
    expect(await sniffFile(f.PDF, "报告")).toMatchObject({ ok: true, name: "报告.pdf" });
    expect(await sniffFile(f.PDF, "报告.v2")).toMatchObject({ ok: true, name: "报告.v2.pdf" });
    expect(await sniffFile(f.JSON_DOC, "passwd")).toMatchObject({ ok: true, name: "passwd.json" });
    expect(await sniffFile(f.CSV_UTF8, "企业名录")).toMatchObject({ ok: false, code: "unsupported_type" });
  });

  it("refuses text that is not named as an accepted text type, binary garbage, JSON that is not JSON, and empty files", async () => {
    expect(await sniffFile(f.CSV_UTF8, "readme.txt")).toMatchObject({ ok: false, code: "unsupported_type" });
    expect(await sniffFile(new Uint8Array([1, 2, 3, 0, 5]), "x.csv")).toMatchObject({ ok: false, code: "unsupported_type" });
    expect(await sniffFile(new Uint8Array(Buffer.from("a,b\n1,2\n")), "x.json")).toMatchObject({ ok: false, code: "unsupported_type" });
    expect(await sniffFile(new Uint8Array(), "x.csv")).toMatchObject({ ok: false, code: "unsupported_type" });
  });

  it.each(["data.bin", "[Content_Types].xml"])("a zip bomb (%s) is a zip like any other: never expanded, sniffed from 64 KB", async (entry) => {
    const bomb = await f.zipBomb(entry);
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const rss = process.memoryUsage().rss;
    expect(await sniffFile(bomb, "炸弹.zip")).toMatchObject({ ok: true, type: { mediaType: "application/zip" } });
    // file-type inflates at most 1 MB of an entry it reads; 20 MB would show here.
    expect(process.memoryUsage().rss - rss).toBeLessThan(10 * 1024 * 1024);
  });

  it("a zip named .ofd without OFD.xml is a zip, and the name is refused as a lie", async () => {
    expect(await sniffFile(await f.shapefileZip(), "公文.ofd")).toMatchObject({ ok: false, code: "type_mismatch" });
  });
});

describe("sanitiseFileName: a display label that cannot become a path", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["..\\..\\windows\\system32\\cmd.exe", "cmd.exe"],
    ["C:\\Users\\张三\\Desktop\\年报.pdf", "年报.pdf"],
    ["报\u0000告\u0007.pdf", "报告.pdf"],
    ["\u202Efdp.exe", "fdp.exe"],
    ["  ..隐藏文件.csv  ", "隐藏文件.csv"],
    ["a<b>c:d|e?f*.pdf", "a_b_c_d_e_f_.pdf"],
    ["con.pdf", "_con.pdf"],
    ["..", "file"],
    ["", "file"],
    ["\u0000\u0001", "file"],
  ])("%j → %j", (raw, clean) => {
    expect(sanitiseFileName(raw)).toBe(clean);
  });

  it("bounds the length and keeps the extension", () => {
    const long = `${"数".repeat(500)}.xlsx`;
    const clean = sanitiseFileName(long);
    expect(Array.from(clean)).toHaveLength(200);
    expect(clean.endsWith("数.xlsx")).toBe(true);
  });
});

describe("contentDisposition", () => {
  it("carries the Chinese name RFC 5987-encoded, with an ASCII stand-in", () => {
    expect(contentDisposition("2026年(第1季度) 报告's.pdf")).toBe(
      `attachment; filename="2026_(_1__) __'s.pdf"; filename*=UTF-8''2026%E5%B9%B4%28%E7%AC%AC1%E5%AD%A3%E5%BA%A6%29%20%E6%8A%A5%E5%91%8A%27s.pdf`,
    );
  });
});
