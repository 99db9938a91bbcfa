import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `VITE_KDI_STATUS_SERVER` (read in src/status-server.ts) says where the status server is; the
// widget from npm cannot guess it, as the single-file bundle does from its own URL.
export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the built page works from any folder it is served from.
  base: './',
  build: {
    target: 'es2022',
    rollupOptions: {
      // zod's /*#__PURE__*/ comments in odd places are not ours to fix; every other warning shows.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
