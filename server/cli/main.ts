import { runCli } from "./program.js";

const code = await runCli(process.argv.slice(2));
// Long-running commands (serve) keep the process alive through their own handles.
if (code !== 0) process.exit(code);
