export * from "./identifiers";
export * from "./identity";
export * from "./profiles";
export * from "./calendar";
export * from "./audit";
export * from "./cases";
export * from "./catalog";
export * from "./access";
