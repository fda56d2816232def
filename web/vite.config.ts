import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite` (dev server on 5173, the gateway's default allowed origin) proxies /graphql, WebSocket
// included, /media and /uploads to the gateway; `vite build` writes dist/, which tools/dev/start.ts serves with the gateway.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  // Media files and tus uploads too, so that PUBLIC_URL may name the dev server's origin.
  server: { port: 5173, proxy: { '/graphql': { target: gateway, ws: true }, '/media': gateway, '/uploads': gateway } },
  build: { outDir: 'dist', emptyOutDir: true },
});
