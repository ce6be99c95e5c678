import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// In dev, Vite serves the client and forwards the API to the server on :3000. The WebSocket's
// Origin is rewritten to the server's own, so its cookie-origin check passes without DEV_ORIGINS.
const server = process.env.CONFAB_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  // The client is built from the SDK's sources (as the tests use them), so an SDK change needs no SDK build first.
  resolve: { alias: { '@confab/sdk': fileURLToPath(new URL('../../packages/sdk/src/index.ts', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/trpc': {
        target: server,
        ws: true,
        changeOrigin: true,
        configure(proxy) {
          proxy.on('proxyReqWs', (request) => request.setHeader('origin', server));
        },
      },
      '/api': { target: server, changeOrigin: true },
      '/uploads': { target: server, changeOrigin: true },
    },
  },
});
