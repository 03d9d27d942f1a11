export * from "./password-policy";
export * from "./region";
export * from "./roles";
