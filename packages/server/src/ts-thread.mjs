// Entry point of a worker thread that runs a TypeScript module (workerData.module, its file URL). It
// registers tsx first, as bin/shuyuan.js does for the CLI: a worker does not inherit a loader registered
// through the API by its parent.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
