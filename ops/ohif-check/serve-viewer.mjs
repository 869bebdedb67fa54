// Serves OHIF's built dist/ as the single-page app it is: a path that is not a file gets
// index.html (the viewer routes /viewer?StudyInstanceUIDs=... client-side), and app-config.js
// comes from the file given, so dist/ stays as npm packed it. With ARCHIVE_URL, /dicom-web and
// /wado are passed through to the archive as they come (the viewer and DICOMweb on one origin, as
// behind ops/nginx.conf), and the environment's CSP, if any, is sent with every page.
//
//   node serve-viewer.mjs DIST_DIR APP_CONFIG_JS PORT [ARCHIVE_URL]
import { createServer, request as httpRequest } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const [dist, appConfig, port, archive] = process.argv.slice(2);
const CSP = process.env.CSP;
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

function proxy(req, res) {
  const target = new URL(req.url, archive);
  const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, answer => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', error => {
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`archive unreachable: ${error.message}`);
  });
  req.pipe(upstream);
}

createServer((req, res) => {
  const urlPath = new URL(req.url, 'http://viewer').pathname;
  if (archive && /^\/(dicom-web|wado)(\/|$)/.test(urlPath)) {
    proxy(req, res);
    return;
  }
  const file = fileFor(urlPath) ?? join(dist, 'index.html');
  const headers = {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
  };
  if (CSP) {
    headers['Content-Security-Policy'] = CSP;
  }
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
}).listen(Number(port), '127.0.0.1', () => console.log(`viewer on http://127.0.0.1:${port}/`));
