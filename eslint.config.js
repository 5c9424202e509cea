// Lint: typescript-eslint's recommended rules plus the layer table. Imports only go down the layers;
// an import across layers fails the build (`npm test` runs `npm run lint`).
import tseslint from 'typescript-eslint';

/**
 * Which layer may import which. Keys are folders; values are the folders (and packages) they may use.
 * `pure` layers may not touch node:*, electron or the DOM-only renderer.
 */
const LAYERS = {
  'electron/emrtd': { may: ['electron/emrtd'], pure: true },
  'electron/pki': { may: ['electron/emrtd', 'electron/pki'], pure: true },
  'electron/vcard': { may: ['electron/emrtd', 'electron/pki', 'electron/vcard'], pure: true },
  'electron/contract': { may: ['electron/contract'], pure: true },
  native: { may: ['electron/emrtd', 'native'], pure: false },
  'electron/service': {
    may: ['electron/emrtd', 'electron/pki', 'electron/vcard', 'electron/contract', 'native', 'electron/service'],
    pure: false,
  },
  'electron/cli': {
    may: ['electron/emrtd', 'electron/pki', 'electron/vcard', 'electron/contract', 'native', 'electron/service', 'electron/cli'],
    pure: false,
  },
  'electron/main': { may: ['electron/contract', 'electron/service', 'electron/main'], pure: false },
  'electron/preload': { may: ['electron/contract', 'electron/preload'], pure: false },
  renderer: { may: ['electron/contract', 'renderer'], pure: false, browser: true },
};
const ALL = Object.keys(LAYERS);

function layerConfig(dir) {
  const rule = LAYERS[dir];
  const forbidden = ALL.filter((d) => !rule.may.includes(d));
  const patterns = forbidden.map((d) => ({
    // relative imports that land in a forbidden layer
    regex: `(^|/)${d.split('/').pop()}/`,
    message: `Layer rule: ${dir} may not import from ${d} (see LAYERS in eslint.config.js).`,
  }));
  if (rule.pure) {
    patterns.push({ regex: '^node:', message: `Layer rule: ${dir} is pure (no node:* imports).` });
    patterns.push({ regex: '^(fs|path|crypto|os|net|child_process|buffer)$', message: `Layer rule: ${dir} is pure.` });
  }
  if (dir !== 'electron/main' && dir !== 'electron/preload') {
    patterns.push({ regex: '^electron$', message: `Layer rule: only electron/main and electron/preload may import electron.` });
  }
  if (rule.browser) {
    patterns.push({ regex: '^node:', message: 'Layer rule: the renderer runs in a browser (no node:*).' });
    patterns.push({ regex: '^(pcsclite|better-sqlite3(-multiple-ciphers)?|ws)$', message: 'Layer rule: the renderer talks only through the contract.' });
  }
  return {
    files: [`${dir}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'artifacts/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  ...ALL.map(layerConfig),
  {
    // Tests, scripts and the CLI may print.
    files: ['test/**', 'scripts/**', 'bench/**', 'electron/cli/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
