// Lint: typescript-eslint's recommended rules plus the layer table. Imports only go down the layers;
// an import across layers fails the build (`npm test` runs `npm run lint`; test/lint/layers.test.ts feeds
// the rule forbidden imports and expects each to fail).
import { builtinModules } from 'node:module';
import { isAbsolute, posix, relative, sep } from 'node:path';
import tseslint from 'typescript-eslint';

/**
 * Which layer may import which, by real path: a relative import is resolved against the importing file,
 * so `../../x/y.js` is judged by the folder it lands in, not by its last folder name.
 *   may      the other layers it may import (its own folder always)
 *   packages npm packages it may import (a name, or a scope as `@scope/*`); anything else fails
 *   node     node:* and Node's built-in modules allowed
 *   electron the `electron` package allowed
 *   entries  single files of a layer it may not otherwise import (demo mode's card provider)
 *   nodeFiles single files of a layer without `node` that may use Node's built-ins (the devkit's fake printer,
 *            a real TCP listener; the rest of the devkit stays pure)
 * Production layers never import electron/devkit (test PKI builder, test keys), electron/vcard (the
 * virtual card), bench/, test/ or scripts/. bench/, test/ and scripts/ are not layers: they may import anything.
 */
const NOBLE = ['@noble/hashes', '@noble/curves'];
const VALIBOT = ['valibot', '@valibot/to-json-schema'];
/**
 * A workflow's contract part (`electron/service/workflows/<name>/contract.ts`: its name, labels and API methods)
 * and the list that merges them (`workflows/contracts.ts`) are pure like the contract layer, so the preload and
 * the renderer may build their clients and labels from them. They form an area of their own inside the service folder.
 */
export const WORKFLOW_CONTRACTS = 'electron/service/workflows/*/contract.ts';
const WORKFLOW_CONTRACT_RE = /^electron\/service\/workflows\/(?:[a-z][a-z0-9-]*\/contract|contracts)(?:\.ts|\.js)?$/;
const PRODUCTION = ['electron/emrtd', 'electron/pki', 'electron/contract', WORKFLOW_CONTRACTS, 'electron/face', 'native', 'electron/fleet', 'electron/service'];
/** The face layer's vocabulary (codes, shapes): the contract parts and the renderer may name it. */
const FACE_TYPES = 'electron/face/types.ts';
export const LAYERS = {
  'electron/emrtd': { may: [], packages: [...NOBLE, 'node-forge', 'jpeg-js', '@cornerstonejs/codec-openjpeg'] },
  'electron/pki': { may: ['electron/emrtd'], packages: NOBLE },
  'electron/contract': { may: [], packages: VALIBOT },
  [WORKFLOW_CONTRACTS]: { may: ['electron/contract'], packages: VALIBOT, entries: [FACE_TYPES] },
  // Face matching (bank): pure; the model runtime (@vladmandic/human) and how its weights are read are injected,
  // so the same code runs in the service, the command line and the tests. Images decode through electron/emrtd.
  'electron/face': { may: ['electron/emrtd'], packages: [...NOBLE, '@vladmandic/human', 'jpeg-js'] },
  native: { may: ['electron/emrtd'], packages: ['pcsclite'], node: true },
  // The fleet: the events a kiosk reports, the dashboard's SQL (the same text on SQLite, PostgreSQL and PGlite),
  // the central PostgreSQL side (migrations, ingest, the central view's server) and the sync loop. Node (pg).
  'electron/fleet': { may: ['electron/contract'], packages: [...VALIBOT, 'pg', '@electric-sql/pglite', 'pdfkit'], node: true },
  'electron/service': {
    may: ['electron/emrtd', 'electron/pki', 'electron/contract', WORKFLOW_CONTRACTS, 'electron/face', 'native', 'electron/fleet'],
    // Tickets (workflows/hospital/ticket/): ESC/POS encoding, the PDF ticket and its QR code, glyph outlines for
    // raster mode (fontkit, which pdfkit depends on). fhir: @types/fhir's `fhir/r4` types for the HIS hand-off's
    // bundles (type-only, nothing at run time).
    packages: [...NOBLE, ...VALIBOT, 'better-sqlite3-multiple-ciphers', 'ws', '@point-of-sale/receipt-printer-encoder', 'pdfkit', 'qrcode', 'fontkit', 'fhir', '@vladmandic/human'],
    node: true,
  },
  'electron/main': {
    may: ['electron/emrtd', 'electron/contract', WORKFLOW_CONTRACTS, 'electron/service'],
    packages: VALIBOT,
    node: true,
    electron: true,
    entries: ['electron/vcard/demo-cards.ts'],
  },
  'electron/preload': { may: ['electron/contract', WORKFLOW_CONTRACTS], packages: VALIBOT, electron: true },
  // qrcode: the hospital ticket's QR of the visit id (its browser build, drawn to a data: URL).
  renderer: { may: ['electron/contract', WORKFLOW_CONTRACTS], packages: ['react', 'react-dom', ...VALIBOT, 'qrcode', 'uplot'], entries: [FACE_TYPES] },
  // Development side: the virtual card (demo mode, CLI, tests) and the test PKI builder with its keys.
  // nodeFiles: the local fakes of outside services (insurance gateway, network printer, HIS receiver) are Node
  // servers; the rest of the devkit stays pure, and the devkit never ships in the kiosk.
  'electron/devkit': {
    may: ['electron/emrtd', 'electron/pki', 'electron/face'],
    packages: NOBLE,
    nodeFiles: ['electron/devkit/bhyt-fake.ts', 'electron/devkit/bhyt-fake-main.ts', 'electron/devkit/fake-printer.ts', 'electron/devkit/fake-his.ts'],
  },
  'electron/vcard': { may: ['electron/emrtd', 'electron/pki', 'electron/devkit'], packages: [] },
  // The command line (integrators, support, benchmarks): a composition root, not shipped in the kiosk package.
  'electron/cli': { may: [...PRODUCTION, 'electron/devkit', 'electron/vcard', 'bench'], packages: [...NOBLE, 'ws'], node: true },
};
/** Folders that are not layers but that a layer may name in `may` (or must not reach). */
const OUTSIDE = ['bench', 'test', 'scripts'];
const AREAS = [...Object.keys(LAYERS), ...OUTSIDE].sort((a, b) => b.length - a.length);
const NODE_BUILTINS = new Set(builtinModules);

/** The layer (or outside folder) a repository-relative path is in, or undefined. */
export function areaOf(path) {
  if (WORKFLOW_CONTRACT_RE.test(path)) return WORKFLOW_CONTRACTS;
  return AREAS.find((a) => path === a || path.startsWith(`${a}/`));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const allowsPackage = (rule, name) => rule.packages.some((p) => p === name || (p.endsWith('/*') && name.startsWith(p.slice(0, -1))));

/** Why `spec`, imported by the repository-relative file `from`, breaks the layer table (or undefined). */
export function layerViolation(from, spec) {
  const layer = areaOf(from);
  const rule = LAYERS[layer];
  if (!rule) return undefined;
  if (spec.startsWith('.')) {
    const target = posix.normalize(posix.join(posix.dirname(from), spec));
    const area = areaOf(target);
    if (area === layer || rule.may.includes(area)) return undefined;
    if (rule.entries?.some((e) => target.replace(/\.js$/, '') === e.replace(/\.tsx?$/, ''))) return undefined;
    if (area === 'electron/devkit' || area === 'electron/vcard') return `${layer} is production code: it may not import ${area} (test keys, test PKI, the virtual card).`;
    if (!area) return `${layer} may not import ${target} (outside every layer).`;
    return `${layer} may not import from ${area} (see LAYERS in eslint.config.js).`;
  }
  if (spec === 'electron') return rule.electron ? undefined : `${layer} may not import electron (only electron/main and electron/preload).`;
  if (spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0])) {
    return rule.node || rule.nodeFiles?.includes(from) ? undefined : `${layer} is pure or runs in a browser: no Node built-ins (${spec}).`;
  }
  const name = packageName(spec);
  return allowsPackage(rule, name) ? undefined : `${layer} may not import the package ${name} (not in its allow-list in eslint.config.js).`;
}

const layersPlugin = {
  rules: {
    imports: {
      meta: { type: 'problem', schema: [], docs: { description: 'Imports follow the layer table (LAYERS in eslint.config.js).' } },
      create(context) {
        const file = relative(context.cwd, context.filename).split(sep).join('/');
        if (isAbsolute(file) || file.startsWith('..') || !LAYERS[areaOf(file)]) return {};
        const check = (node) => {
          const src = node.source;
          if (!src || src.type !== 'Literal' || typeof src.value !== 'string') return;
          const why = layerViolation(file, src.value);
          if (why) context.report({ node: src, message: `Layer rule: ${why}` });
        };
        // `import('x').T` in a type position: typescript-eslint 8 names the specifier `source`.
        const checkImportType = (node) => {
          const s = 'source' in node ? node.source : undefined;
          check({ source: s?.type === 'TSLiteralType' ? s.literal : s });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check, TSImportType: checkImportType };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'artifacts/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    plugins: { layers: layersPlugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'layers/imports': 'error',
    },
  },
  {
    // Tests, scripts, benchmarks and the CLI may print.
    files: ['test/**', 'scripts/**', 'bench/**', 'electron/cli/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
