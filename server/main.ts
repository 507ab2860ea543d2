import { startServer } from "./server.js";

// `npm start` and the container run this; `orbit serve` runs the same function.
await startServer();
