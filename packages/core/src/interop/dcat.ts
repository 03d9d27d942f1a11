// DCAT-AP 3.0.0 (SEMICeu) of the open catalog, as a JSON-LD document; the server writes Turtle from it.
// Controlled values come from the EU vocabularies DCAT-AP recommends (frequency, access right, data theme,
// file type, language) and IANA media types. SHACL checks classes without inference, so every node a
// property points to is typed in the graph itself (a frequency is `a dct:Frequency`, a page `a foaf:Document`).
import type { Format, OpenType, Theme, UpdateFrequency } from "../catalog/vocabulary";
import { dataPackageUrl, datasetIri, datasetPage, organisationIri, type InteropAgent, type InteropDataset, type InteropDistribution, type PlatformUrls } from "./model";

const EU = "http://publications.europa.eu/resource/authority";

export const DCAT_CONTEXT = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  hydra: "http://www.w3.org/ns/hydra/core#",
} as const;

/** 更新频率 → the EU frequency vocabulary (realtime data is continuously updated; "static" is never). */
export const EU_FREQUENCY: Readonly<Record<UpdateFrequency, string>> = {
  realtime: "UPDATE_CONT",
  daily: "DAILY",
  weekly: "WEEKLY",
  monthly: "MONTHLY",
  quarterly: "QUARTERLY",
  semiannual: "ANNUAL_2",
  annual: "ANNUAL",
  irregular: "IRREG",
  static: "NEVER",
};

/** 开放类型 → the EU access-right vocabulary: conditional opening is access on conditions (restricted). */
export const EU_ACCESS_RIGHT: Readonly<Record<OpenType, string>> = {
  unconditional: "PUBLIC",
  conditional: "RESTRICTED",
  none: "NON_PUBLIC",
};

/** Our themes → the EU data themes (13 broad areas); "other" has none. */
export const EU_DATA_THEME: Readonly<Record<Theme, string | null>> = {
  population: "SOCI",
  legal_person: "ECON",
  geospatial: "REGI",
  natural_resources: "ENVI",
  e_licence: "GOVE",
  video: "JUST",
  government_services: "GOVE",
  social_security: "SOCI",
  health: "HEAL",
  food_drug_safety: "HEAL",
  environment: "ENVI",
  urban_management: "REGI",
  community: "SOCI",
  credit: "ECON",
  emergency: "JUST",
  work_safety: "JUST",
  transport: "TRAN",
  education: "EDUC",
  economy: "ECON",
  agriculture: "AGRI",
  culture_tourism: "EDUC",
  other: null,
};

/** Our formats → the EU file types; images and APIs have no single one (their media type says more). */
export const EU_FILE_TYPE: Readonly<Record<Format, string | null>> = {
  csv: "CSV",
  xlsx: "XLSX",
  json: "JSON",
  xml: "XML",
  pdf: "PDF",
  docx: "DOCX",
  geojson: "GEOJSON",
  shp: "SHP",
  zip: "ZIP",
  image: null,
  api: null,
};

type Node = { "@id": string; "@type"?: string | string[] } & Record<string, unknown>;

const zh = (value: string) => ({ "@value": value, "@language": "zh" });
const en = (value: string) => ({ "@value": value, "@language": "en" });
const dateTime = (iso: string) => ({ "@value": iso, "@type": "xsd:dateTime" });
const ref = (iri: string) => ({ "@id": iri });

/** The nodes of a graph, one per IRI: shared agents and concepts appear once. */
class Graph {
  private nodes = new Map<string, Node>();
  add(node: Node): { "@id": string } {
    if (!this.nodes.has(node["@id"])) this.nodes.set(node["@id"], node);
    return ref(node["@id"]);
  }
  document() {
    return { "@context": DCAT_CONTEXT, "@graph": [...this.nodes.values()] };
  }
}

const document = (g: Graph, iri: string) => g.add({ "@id": iri, "@type": "foaf:Document" });
const resource = (g: Graph, iri: string) => g.add({ "@id": iri, "@type": "rdfs:Resource" });
const agent = (g: Graph, urls: PlatformUrls, a: InteropAgent) =>
  g.add({ "@id": organisationIri(urls, a.id), "@type": ["foaf:Agent", "foaf:Organization"], "foaf:name": zh(a.name) });

function dataThemeScheme(g: Graph) {
  return g.add({ "@id": `${EU}/data-theme`, "@type": "skos:ConceptScheme", "dct:title": en("Data theme") });
}

function distribution(g: Graph, d: InteropDistribution, dataset: InteropDataset, urls: PlatformUrls) {
  const page = datasetPage(urls, dataset.id);
  const fileType = d.format ? EU_FILE_TYPE[d.format] : null;
  const node: Node = {
    "@id": `${page}#${d.kind}-${d.id}`,
    "@type": "dcat:Distribution",
    "dct:title": zh(d.title),
    "dcat:accessURL": resource(g, d.accessUrl),
    "dct:accessRights": g.add({ "@id": `${EU}/access-right/${EU_ACCESS_RIGHT[dataset.openType]}`, "@type": "dct:RightsStatement" }),
  };
  if (d.downloadUrl) node["dcat:downloadURL"] = resource(g, d.downloadUrl);
  if (fileType) node["dct:format"] = g.add({ "@id": `${EU}/file-type/${fileType}`, "@type": "dct:MediaTypeOrExtent" });
  if (d.mediaType) node["dcat:mediaType"] = g.add({ "@id": `https://www.iana.org/assignments/media-types/${d.mediaType}`, "@type": "dct:MediaType" });
  if (d.byteSize !== null) node["dcat:byteSize"] = { "@value": String(d.byteSize), "@type": "xsd:nonNegativeInteger" };
  if (d.created) node["dct:issued"] = dateTime(d.created);
  if (d.modified) node["dct:modified"] = dateTime(d.modified);
  if (d.kind === "api") {
    // An API distribution is reached through a data service (DCAT-AP §DataService) at the platform's URL.
    node["dcat:accessService"] = g.add({
      "@id": `${page}#service-${d.id}`,
      "@type": "dcat:DataService",
      "dct:title": zh(d.title),
      "dcat:endpointURL": resource(g, d.accessUrl),
      "dcat:servesDataset": ref(datasetIri(urls, dataset.id)),
      "dct:publisher": agent(g, urls, dataset.provider),
      "dct:accessRights": ref(`${EU}/access-right/${EU_ACCESS_RIGHT[dataset.openType]}`),
    });
  }
  return g.add(node);
}

function addDataset(g: Graph, dataset: InteropDataset, urls: PlatformUrls) {
  const page = datasetPage(urls, dataset.id);
  const node: Node = {
    "@id": datasetIri(urls, dataset.id),
    "@type": "dcat:Dataset",
    "dct:identifier": dataset.code,
    "dct:title": zh(dataset.title),
    "dct:description": zh(dataset.summary),
    "dct:publisher": agent(g, urls, dataset.provider),
    "dct:accessRights": g.add({ "@id": `${EU}/access-right/${EU_ACCESS_RIGHT[dataset.openType]}`, "@type": "dct:RightsStatement" }),
    "dct:accrualPeriodicity": g.add({ "@id": `${EU}/frequency/${EU_FREQUENCY[dataset.updateFrequency]}`, "@type": "dct:Frequency" }),
    "dcat:landingPage": document(g, page),
    "dct:modified": dateTime(dataset.updatedAt),
    // Where a harvesting platform reads the fields from (DCAT itself has no place for them).
    "dct:relation": resource(g, dataPackageUrl(urls, dataset.id)),
  };
  if (dataset.publishedAt) node["dct:issued"] = dateTime(dataset.publishedAt);
  if (dataset.tags.length) node["dcat:keyword"] = dataset.tags.map(zh);
  const theme = dataset.theme ? EU_DATA_THEME[dataset.theme] : null;
  if (dataset.theme && theme) {
    node["dcat:theme"] = g.add({
      "@id": `${EU}/data-theme/${theme}`,
      "@type": "skos:Concept",
      "skos:prefLabel": en(theme),
      "skos:inScheme": dataThemeScheme(g),
    });
  }
  const contact = dataset.content?.contact;
  if (contact) {
    const card: Node = { "@id": `${page}#contact`, "@type": "vcard:Kind", "vcard:fn": zh(contact.name) };
    if (contact.email) card["vcard:hasEmail"] = ref(`mailto:${contact.email}`);
    if (contact.phone) card["vcard:hasTelephone"] = ref(`tel:${contact.phone.replace(/[^0-9+]/g, "")}`);
    node["dcat:contactPoint"] = g.add(card);
  }
  if (dataset.distributions.length) node["dcat:distribution"] = dataset.distributions.map((d) => distribution(g, d, dataset, urls));
  return g.add(node);
}

/** DCAT-AP for one entry (its page's RDF): the dataset with its distributions, services and agents. */
export function dcatDataset(dataset: InteropDataset, urls: PlatformUrls) {
  const g = new Graph();
  addDataset(g, dataset, urls);
  return g.document();
}

export interface DcatCatalogInfo {
  title: string;
  description: string;
  publisher: InteropAgent;
  /** When the catalog last changed (its latest publication), whichever page is written. */
  modified: string | null;
}

/**
 * One page of the catalog, as DCAT-AP recommends for large catalogs and ckanext-dcat writes it: a
 * hydra:PagedCollection named by the page's URL, linking the first, previous, next and (when the count is
 * exact) last pages. Harvesters follow hydra:nextPage.
 */
export interface DcatPage {
  page: number;
  itemsPerPage: number;
  /** Null when the catalog's count is an estimate: then no last page is named either. */
  totalItems: number | null;
  hasNext: boolean;
  /** The URL of page `n` in the format being written. */
  url: (n: number) => string;
}

const count = (n: number) => ({ "@value": String(n), "@type": "xsd:nonNegativeInteger" });

function pagedCollection(p: DcatPage): Node {
  const node: Node = { "@id": p.url(p.page), "@type": "hydra:PagedCollection", "hydra:itemsPerPage": count(p.itemsPerPage), "hydra:firstPage": ref(p.url(1)) };
  if (p.totalItems !== null) {
    node["hydra:totalItems"] = count(p.totalItems);
    node["hydra:lastPage"] = ref(p.url(Math.max(1, Math.ceil(p.totalItems / p.itemsPerPage))));
  }
  if (p.page > 1) node["hydra:previousPage"] = ref(p.url(p.page - 1));
  if (p.hasNext) node["hydra:nextPage"] = ref(p.url(p.page + 1));
  return node;
}

/** DCAT-AP for a page of the open catalog: the catalog, the page's datasets and the data services of their APIs, and the paging. */
export function dcatCatalog(info: DcatCatalogInfo, datasets: readonly InteropDataset[], urls: PlatformUrls, paging: DcatPage) {
  const g = new Graph();
  const catalog: Node = {
    "@id": `${urls.base}/catalog`,
    "@type": "dcat:Catalog",
    "dct:title": zh(info.title),
    "dct:description": zh(info.description),
    "dct:publisher": agent(g, urls, info.publisher),
    "foaf:homepage": document(g, `${urls.base}/`),
    "dct:language": g.add({ "@id": `${EU}/language/ZHO`, "@type": "dct:LinguisticSystem" }),
    "dcat:themeTaxonomy": dataThemeScheme(g),
  };
  if (info.modified) catalog["dct:modified"] = dateTime(info.modified);
  g.add(catalog);
  if (datasets.length) catalog["dcat:dataset"] = datasets.map((d) => addDataset(g, d, urls));
  const services = datasets.flatMap((d) => d.distributions.filter((x) => x.kind === "api").map((x) => ref(`${datasetPage(urls, d.id)}#service-${x.id}`)));
  if (services.length) catalog["dcat:service"] = services;
  g.add(pagedCollection(paging));
  return g.document();
}
