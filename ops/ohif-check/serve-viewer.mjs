// Serves OHIF's built dist/ as the single-page app it is: a path that is not a file gets
// index.html (the viewer routes /viewer?StudyInstanceUIDs=... client-side), and app-config.js
// comes from the file given, so dist/ stays as npm packed it.
//
//   node serve-viewer.mjs DIST_DIR APP_CONFIG_JS PORT
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const [dist, appConfig, port] = process.argv.slice(2);
if (!dist || !appConfig || !port) {
  console.error('usage: node serve-viewer.mjs DIST_DIR APP_CONFIG_JS PORT');
  process.exit(64);
}

// WebAssembly must be served as application/wasm or the codecs fall back (or fail) to compile.
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

function fileFor(urlPath) {
  if (urlPath === '/app-config.js') {
    return appConfig;
  }
  const file = normalize(join(dist, decodeURIComponent(urlPath)));
  if (!file.startsWith(normalize(dist) + sep)) {
    return null;
  }
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

createServer((req, res) => {
  const urlPath = new URL(req.url, 'http://viewer').pathname;
  const file = fileFor(urlPath) ?? join(dist, 'index.html');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
  });
  createReadStream(file).pipe(res);
}).listen(Number(port), '127.0.0.1', () => console.log(`viewer on http://127.0.0.1:${port}/`));
