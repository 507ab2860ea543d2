#!/usr/bin/env node
// The `orbit` command. It runs the TypeScript sources through tsx, so `npx orbit` works right after
// `npm install`, with no build step to forget.
import { register } from "tsx/esm/api";

register();
await import("../server/cli/main.ts");
