import { defineConfig } from 'vite';

// The renderer is a plain web page: React, zustand and cornerstone3d, served by the Electron
// shell from app:// or by the dev host from 127.0.0.1. docs/ARCHITECTURE.md has the cornerstone notes.
export default defineConfig({
  root: 'renderer',
  base: '/',
  publicDir: false,
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: 'es' },
  esbuild: { jsx: 'automatic' },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: ['dicom-parser', '@cornerstonejs/metadata', '@cornerstonejs/utils'],
  },
});
