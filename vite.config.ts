import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The window: built into dist/renderer, served by the app listener (headless) or loaded from disk (Electron).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Loaded from this PC's disk or loopback, never over a network: one chunk is fine, and the warning only alarms.
    chunkSizeWarningLimit: 2048,
  },
  server: { host: '127.0.0.1' },
});
