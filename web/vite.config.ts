import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://localhost:3999';

/** The coordinator console: plain TypeScript, built to web/dist and served by the express app. */
export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
  server: { proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
});
