import { describe, expect, it } from "vitest";
import { FORMATS, OPEN_TYPES, THEMES, UPDATE_FREQUENCIES } from "../catalog/vocabulary";
import { EU_ACCESS_RIGHT, EU_DATA_THEME, EU_FILE_TYPE, EU_FREQUENCY } from "./dcat";

// The authority tables' codes (publications.europa.eu/resource/authority/...), as published.
const FREQUENCIES = ["UPDATE_CONT", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL_2", "ANNUAL", "IRREG", "NEVER"];
const ACCESS_RIGHTS = ["PUBLIC", "RESTRICTED", "NON_PUBLIC"];
const DATA_THEMES = ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "OP_DATPRO", "REGI", "SOCI", "TECH", "TRAN"];
const FILE_TYPES = ["CSV", "XLSX", "JSON", "XML", "PDF", "DOCX", "GEOJSON", "SHP", "ZIP"];

describe("EU vocabularies", () => {
  it("every update frequency, open type, theme and format maps to a code the EU table has (or deliberately none)", () => {
    for (const f of UPDATE_FREQUENCIES) expect(FREQUENCIES).toContain(EU_FREQUENCY[f]);
    for (const o of OPEN_TYPES) expect(ACCESS_RIGHTS).toContain(EU_ACCESS_RIGHT[o]);
    for (const t of THEMES) if (EU_DATA_THEME[t] !== null) expect(DATA_THEMES).toContain(EU_DATA_THEME[t]);
    for (const f of FORMATS) if (EU_FILE_TYPE[f] !== null) expect(FILE_TYPES).toContain(EU_FILE_TYPE[f]);
  });

  it("keeps the distinctions the regulations make", () => {
    expect(new Set(OPEN_TYPES.map((o) => EU_ACCESS_RIGHT[o])).size).toBe(OPEN_TYPES.length);
    expect(new Set(UPDATE_FREQUENCIES.map((f) => EU_FREQUENCY[f])).size).toBe(UPDATE_FREQUENCIES.length);
  });
});
