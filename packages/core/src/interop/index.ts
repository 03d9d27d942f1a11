export * from "./model";
export * from "./datapackage";
export * from "./dcat";
export * from "./ckan";
export * from "./harvest";
export * from "./harvest-dcat";
export * from "./harvest-ckan";
