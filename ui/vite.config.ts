/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Built into ui/dist, which src-tauri/tauri.conf.json embeds ("frontendDist": "../ui/dist").
// The CSP there is strict (script-src 'self'; style-src 'self'): no inline scripts or styles,
// so no framework that injects <style> at run time, and no inline style="" attributes.
export default defineConfig({
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: { port: 1420, strictPort: true },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
});
