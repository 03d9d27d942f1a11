// Small real files of every accepted type (and a few refused ones) for the upload tests.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import JSZip from "jszip";

const zip = async (entries: [string, string | Uint8Array][]) => {
  const z = new JSZip();
  for (const [name, data] of entries) z.file(name, data);
  return new Uint8Array(await z.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
};

const text = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

export const PDF = text("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
// A 1×1 PNG.
export const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64"));
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
// The start of a Windows executable: "MZ", a DOS stub, and the PE header where e_lfanew points.
export const EXE = (() => {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  b.write("This program cannot be run in DOS mode.", 0x4e, "latin1");
  return new Uint8Array(b);
})();
export const CSV_UTF8 = text("\uFEFF统一社会信用代码,企业名称\n91230100MA0000001X,哈尔滨示例企业有限公司\n");
export const CSV_GBK = new Uint8Array(iconv.encode("统一社会信用代码,企业名称\r\n91230100MA0000001X,哈尔滨示例企业有限公司\r\n", "gbk"));
export const JSON_DOC = text(JSON.stringify([{ 代码: "A1", 名称: "示例" }]));
export const GEOJSON = text(JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", geometry: { type: "Point", coordinates: [126.63, 45.75] }, properties: { 名称: "哈尔滨站" } }] }));

export const docx = () =>
  zip([
    [
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    ["word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>公开</w:t></w:r></w:p></w:body></w:document>'],
  ]);

export async function xlsx() {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("数据").addRow(["代码", "名称"]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A zipped shapefile (stored as an archive, never opened). */
export const shapefileZip = () => zip([["roads.shp", new Uint8Array([0, 0, 0x27, 0x0a])], ["roads.shx", new Uint8Array(8)], ["roads.dbf", new Uint8Array(8)], ["roads.prj", "GEOGCS[\"CGCS2000\"]"]]);
export const ofd = () => zip([["OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>'], ["Doc_0/Document.xml", "<ofd:Document/>"]]);

/** 20 MB of zeros deflated to about 20 KB, once as a plain entry and once where file-type looks inside (OOXML). */
export const zipBomb = async (entry = "[Content_Types].xml") => {
  const z = new JSZip();
  z.file(entry, Buffer.alloc(20 * 1024 * 1024));
  return new Uint8Array(await z.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } }));
};
