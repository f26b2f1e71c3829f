import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `pnpm dev` proxies the API, the HTML views and the WebSocket to a running mailsink.
const target = process.env.MAILSINK_URL ?? 'http://127.0.0.1:8025';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs, so the built app works under any base path (e.g. /mail/).
  base: './',
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api/events': { target, ws: true },
      '/api': { target },
      '/view': { target },
    },
  },
});
