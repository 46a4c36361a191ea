// esbuild options shared by the host bundles (Electron's main process and the web host): one
// CommonJS file per entry with the core and its dependencies inside, native add-ons left outside.
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  // Native add-ons and Electron itself are loaded at run time, never bundled.
  external: ['electron', 'onnxruntime-node', 'bufferutil', 'utf-8-validate'],
  // CommonJS has no import.meta: give the sources the bundle's own file URL, so createRequire,
  // the inference worker's path and the bridge's folder resolve from where the bundle lies.
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: 'const __bundleFileUrl = require("node:url").pathToFileURL(__filename).href;' },
};

/** The project files (not node_modules) a build read, from its metafile: what makes it stale. */
export function sourceInputs(metafile) {
  return Object.keys(metafile.inputs).filter((file) => !file.includes('node_modules/'));
}
