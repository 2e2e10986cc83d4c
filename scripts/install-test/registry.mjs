// A registry for the packed plugins only, so the install steps' plain
// `yarn add @backstage-streaming/…` install them as adopters will, from a
// registry, before they are published. It answers the two requests a package
// manager makes: the package document and the tarball.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

function manifestOf(tarball) {
  return JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
}

/** Serves the tarballs ({ name, version, tarball }) on 127.0.0.1; resolves { url, close }. */
export async function startTarballRegistry(tarballs) {
  const server = http.createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const documents = new Map();
  const files = new Map();
  for (const { tarball } of tarballs) {
    const manifest = manifestOf(tarball);
    const data = readFileSync(tarball);
    const file = `/-/files/${encodeURIComponent(manifest.name)}-${
      manifest.version
    }.tgz`;
    files.set(file, data);
    documents.set(manifest.name, {
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      time: { [manifest.version]: new Date().toISOString() },
      versions: {
        [manifest.version]: {
          ...manifest,
          dist: {
            tarball: `${url}${file}`,
            shasum: createHash('sha1').update(data).digest('hex'),
            integrity: `sha512-${createHash('sha512')
              .update(data)
              .digest('base64')}`,
          },
        },
      },
    });
  }
  server.on('request', (req, res) => {
    const rawPath = new URL(req.url, url).pathname;
    const path = decodeURIComponent(rawPath);
    const file = files.get(rawPath);
    if (file) {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': file.length,
      });
      res.end(file);
      return;
    }
    const document = documents.get(path.slice(1));
    if (document) {
      const body = JSON.stringify(document);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `not found: ${path}` }));
  });
  return { url, close: () => new Promise(resolve => server.close(resolve)) };
}
