import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @baton/web` serves the UI with hot reload and forwards the API to a Baton
// server started with `baton up` on its default port.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      // zod's comments confuse Rollup's annotation parser; the notes are noise, not problems.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
