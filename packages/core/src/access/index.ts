export * from "./masking";
export * from "./decide";
export * from "./row-query";
