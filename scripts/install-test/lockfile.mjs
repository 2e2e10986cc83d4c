// This repository's resolved @backstage/* versions, from yarn.lock, so a new
// app can be pinned to the Backstage the plugins were built and tested with.
import { readFileSync } from 'node:fs';

/** name -> the highest version yarn.lock resolves it to (only @backstage/* packages). */
export function backstageVersions(lockfilePath) {
  const text = readFileSync(lockfilePath, 'utf8');
  const versions = new Map();
  const entry = /^"?(@backstage\/[^@"\s]+)@[^\n]*:\n {2}version: ([^\n]+)$/gm;
  for (const match of text.matchAll(entry)) {
    const [, name, version] = match;
    const known = versions.get(name);
    if (!known || compareVersions(version, known) > 0)
      versions.set(name, version);
  }
  return versions;
}

function compareVersions(a, b) {
  const pa = a
    .split(/[.-]/)
    .map(part => (/^\d+$/.test(part) ? Number(part) : part));
  const pb = b
    .split(/[.-]/)
    .map(part => (/^\d+$/.test(part) ? Number(part) : part));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return 1; // 1.0.0 after 1.0.0-next.1
    if (pb[i] === undefined) return -1;
    return typeof pa[i] === 'number' && typeof pb[i] === 'number'
      ? pa[i] - pb[i]
      : String(pa[i]).localeCompare(String(pb[i]));
  }
  return 0;
}
