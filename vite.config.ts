import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web front end lives in src/ and is served by the Express server from dist/web.
export default defineConfig({
  root: "src",
  plugins: [react()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { "/api": "http://localhost:3978" },
  },
});
