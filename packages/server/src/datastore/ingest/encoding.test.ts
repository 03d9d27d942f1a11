import iconv from "iconv-lite";
import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../http/errors";
import { decodeText, utf8Of } from "./encoding";

// Every test runs twice: decoding, and handing UTF-8 on as its bytes (the CSV reader's way).
let utf8AsBytes = false;

async function read(bytes: Buffer, chunkSize = 65536) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const { encoding, text, asBytes } = await decodeText(
    (async function* () {
      yield* chunks;
    })(),
    { utf8AsBytes },
  );
  expect(asBytes).toBe(utf8AsBytes && encoding === "utf-8");
  let all = "";
  for await (const t of text) all += t;
  return { encoding, text: asBytes ? utf8Of(all) : all };
}

async function refusal(bytes: Buffer): Promise<AppError> {
  try {
    await read(bytes);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the file to be refused");
}

const TEXT = "统一社会信用代码,企业名称\n91230102MA1B2C3D46,哈尔滨市松北区冰城科技有限公司\n";

describe.each([false, true])("encoding detection and decoding (UTF-8 as bytes: %s)", (asBytes) => {
  beforeEach(() => {
    utf8AsBytes = asBytes;
  });

  it("reads UTF-8 with and without a BOM, GBK, and UTF-16 with a BOM alike", async () => {
    expect(await read(Buffer.from(TEXT))).toEqual({ encoding: "utf-8", text: TEXT });
    expect(await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]))).toEqual({ encoding: "utf-8", text: TEXT });
    expect(await read(iconv.encode(TEXT, "gbk"))).toEqual({ encoding: "gb18030", text: TEXT });
    expect(await read(iconv.encode(TEXT, "utf-16le", { addBOM: true }))).toEqual({ encoding: "utf-16le", text: TEXT });
    expect(await read(iconv.encode(TEXT, "utf-16be", { addBOM: true }))).toEqual({ encoding: "utf-16be", text: TEXT });
  });

  it("reads GB18030's four-byte characters (beyond GBK)", async () => {
    const rare = "𠀀,䶮,€\n";
    expect(await read(iconv.encode(`名称,值\n${rare}`, "gb18030"))).toEqual({ encoding: "gb18030", text: `名称,值\n${rare}` });
  });

  it("does not split characters that straddle chunk boundaries", async () => {
    for (const bytes of [Buffer.from(TEXT), iconv.encode(TEXT, "gbk"), iconv.encode(TEXT, "utf-16le", { addBOM: true })]) {
      expect((await read(bytes, 1)).text).toBe(TEXT);
    }
  });

  it("refuses UTF-32 and binary files with a clear reason", async () => {
    expect((await refusal(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).messages.en).toMatch(/UTF-32/);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await refusal(xls)).messages.en).toMatch(/binary/);
    expect((await refusal(Buffer.alloc(0))).code).toBe("file_empty");
  });

  it("refuses GBK rows inside a UTF-8 file, naming the line and byte offset", async () => {
    // Past the 64 KB sample: the file was read as UTF-8 when the GBK row arrives.
    const utf8Rows = Buffer.from("编号,名称\n" + Array.from({ length: 3000 }, (_, i) => `${i},哈尔滨市第${i}号企业\n`).join(""));
    const gbkRow = iconv.encode("3000,齐齐哈尔市企业\n", "gbk");
    const late = await refusal(Buffer.concat([utf8Rows, gbkRow, Buffer.from("3001,牡丹江市企业\n")]));
    expect(late.code).toBe("file_encoding");
    expect(late.extra).toMatchObject({ line: 3002, offset: utf8Rows.length + 5 });
    expect(late.messages.zh).toContain("第 3002 行");

    // Within the sample: most lines are UTF-8, so the file is not taken for GBK.
    const early = await refusal(Buffer.concat([Buffer.from("编号,名称\n1,哈尔滨市企业\n2,大庆市企业\n"), gbkRow, Buffer.from("4,牡丹江市企业\n")]));
    expect(early.extra).toMatchObject({ encoding: "utf-8", line: 4 });
  });

  it("refuses a file that ends in the middle of a character", async () => {
    const cut = Buffer.from("名称\n哈尔滨").subarray(0, -1);
    const refused = await refusal(cut);
    expect(refused.code).toBe("file_encoding");
    expect(refused.extra).toMatchObject({ line: 2 });
  });
});
