// Harvesting a DCAT-AP catalog (004 §9–10): each dcat:Dataset of the graph read as the CKAN package shape
// harvestedContent already maps, so both inputs reach the catalog through one mapping and its checks.
// The EU vocabulary codes are read back through the export's own tables; a code several of our values
// share (a data theme) says nothing definite and is left out. The server parses Turtle or JSON-LD into
// plain triples: core stays free of RDF libraries.
import { DATASET_CODE } from "../catalog/dataset";
import { EU_ACCESS_RIGHT, EU_DATA_THEME, EU_FILE_TYPE, EU_FREQUENCY } from "./dcat";
import type { HarvestedPackage } from "./harvest";

/** One RDF statement; `lang` on language-tagged literals. */
export interface Triple {
  s: string;
  p: string;
  o: string;
  lang?: string;
}

const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const FOAF_NAME = "http://xmlns.com/foaf/0.1/name";
const VCARD = "http://www.w3.org/2006/vcard/ns#";
const SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso";

/** The value a table gives exactly one key (the EU code at the end of the IRI), else undefined. */
function reverse<K extends string>(table: Readonly<Record<K, string | null>>, iri: string | undefined): K | undefined {
  const code = iri?.split("/").at(-1);
  const keys = (Object.keys(table) as K[]).filter((k) => code && table[k] === code);
  return keys.length === 1 ? keys[0] : undefined;
}

export interface DcatHarvested {
  pkg: HarvestedPackage;
  /** A data package describing the dataset's table (dct:relation, rdfs:seeAlso or a distribution URL). */
  dataPackageUrl: string | null;
}

/** The datasets of a DCAT graph; one without an IRI or an identifier cannot be followed across runs and is skipped. */
export function dcatHarvestedPackages(triples: readonly Triple[]): DcatHarvested[] {
  const bySubject = new Map<string, Triple[]>();
  for (const t of triples) bySubject.set(t.s, [...(bySubject.get(t.s) ?? []), t]);
  const all = (s: string | undefined, p: string) => (s ? (bySubject.get(s) ?? []).filter((t) => t.p === p) : []);
  // Chinese first, then untagged, then any other language.
  const text = (s: string | undefined, p: string) => {
    const values = all(s, p);
    return (values.find((t) => t.lang?.startsWith("zh")) ?? values.find((t) => !t.lang) ?? values[0])?.o;
  };
  const one = (s: string | undefined, p: string) => all(s, p)[0]?.o;

  return triples
    .filter((t) => t.p === RDF_TYPE && t.o === `${DCAT}Dataset`)
    .flatMap(({ s: iri }) => {
      const identifier = one(iri, `${DCT}identifier`);
      const named = /^https?:\/\//.test(iri);
      if (!named && !identifier) return [];
      const title = text(iri, `${DCT}title`);
      if (!title) return [];
      const lastSegment = named ? new URL(iri).pathname.split("/").filter(Boolean).at(-1) : undefined;
      const code = [identifier, lastSegment].find((c) => c && DATASET_CODE.test(c));
      const distributions = all(iri, `${DCAT}distribution`).map((t) => t.o);
      const publisher = one(iri, `${DCT}publisher`);
      const contact = one(iri, `${DCAT}contactPoint`);
      const email = one(contact, `${VCARD}hasEmail`)?.replace(/^mailto:/, "");
      const links = [
        ...all(iri, `${DCT}relation`),
        ...all(iri, SEE_ALSO),
        ...distributions.flatMap((d) => [...all(d, `${DCAT}downloadURL`), ...all(d, `${DCAT}accessURL`)]),
      ].map((t) => t.o);
      const extras = [
        ["code", code],
        ["update_frequency", reverse(EU_FREQUENCY, one(iri, `${DCT}accrualPeriodicity`))],
        ["open_type", reverse(EU_ACCESS_RIGHT, one(iri, `${DCT}accessRights`))],
      ].flatMap(([key, value]) => (value ? [{ key: key!, value }] : []));
      const theme = reverse(EU_DATA_THEME, one(iri, `${DCAT}theme`));
      const pkg: HarvestedPackage = {
        id: named ? iri : identifier!,
        name: code ?? identifier ?? iri,
        title,
        notes: text(iri, `${DCT}description`),
        maintainer: text(contact, `${VCARD}fn`),
        maintainer_email: email,
        metadata_modified: one(iri, `${DCT}modified`),
        url: one(iri, `${DCAT}landingPage`) ?? (named ? iri : undefined),
        organization: publisher ? { name: publisher, title: text(publisher, FOAF_NAME) ?? publisher } : undefined,
        tags: all(iri, `${DCAT}keyword`).map((t) => ({ name: t.o })),
        groups: theme ? [{ name: theme }] : [],
        resources: distributions.map((d) => ({ format: reverse(EU_FILE_TYPE, one(d, `${DCT}format`)) ?? null })),
        extras,
      };
      return [{ pkg, dataPackageUrl: links.find((l) => /\/datapackage\.json$/.test(l.split(/[?#]/)[0])) ?? null }];
    });
}
