// Writes FILE.gz beside each compressible file of dist/, which `aidledger serve` sends to
// clients that accept gzip (api/src/static_files.h). Maximum compression: it is done once.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const compressible = /\.(js|css|html|json|svg)$/;
let files = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (compressible.test(name)) {
      writeFileSync(path + '.gz', gzipSync(readFileSync(path), { level: 9 }));
      files += 1;
    }
  }
}
walk(dist);
console.log(`compress.mjs: ${files} files gzipped`);
