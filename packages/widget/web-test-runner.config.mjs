import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import chromiumConfig from '../../scripts/chromium.json' with { type: 'json' };

// MSW's service worker, served from the installed package rather than a committed copy.
const mockServiceWorker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

export default {
  files: ['src/**/*.test.ts'],
  // The repo root, so pnpm's symlinked node_modules and the SDK's sources are served.
  rootDir: '../..',
  // The SDK's TypeScript sources (its `source` condition), so tests need no SDK build.
  nodeResolve: { exportConditions: ['source', 'browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname })],
  middleware: [
    function mswServiceWorker(context, next) {
      if (context.path !== '/mockServiceWorker.js') return next();
      context.type = 'text/javascript';
      context.body = createReadStream(mockServiceWorker);
      return undefined;
    },
  ],
  browsers: [
    chromeLauncher({
      // CHROME_PATH: what `pnpm test` found or installed (scripts/find-browser.mjs); else Debian's.
      launchOptions: {
        executablePath: process.env.CHROME_PATH || chromiumConfig.executablePath,
        headless: true,
        args: chromiumConfig.args,
      },
    }),
  ],
  // Room for a few patient waits (kdi-status.test.ts PATIENCE) on a loaded machine.
  testFramework: { config: { timeout: 15000 } },
};
