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
    // Fluent UI is one large chunk before minification; the real budget (initial JS gzip size) is
    // measured by the benchmark, not by this warning.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/api": "http://localhost:3978" },
  },
});
