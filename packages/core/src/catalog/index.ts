export * from "./vocabulary";
export * from "./dataset";
export * from "./classification";
export * from "./diff";
export * from "./visibility";
export * from "./review-kinds";
export * from "./freshness";
