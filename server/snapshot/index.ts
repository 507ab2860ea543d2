export * from "./read.js";
export * from "./schema.js";
export * from "./write.js";
