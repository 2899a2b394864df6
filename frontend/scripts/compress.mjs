// Writes a Brotli (.br) and a gzip (.gz) copy beside every compressible file of the build's assets,
// at the highest levels: done once here, so the server sends them as they are and never compresses
// a hashed asset per request. A copy that would not be smaller is not written.
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|map|wasm)$/;
const assets = new URL("../dist/assets/", import.meta.url).pathname;

let raw = 0;
let brotli = 0;
for (const name of readdirSync(assets)) {
  if (name.endsWith(".br") || name.endsWith(".gz")) {
    unlinkSync(join(assets, name));
    continue;
  }
  if (!COMPRESSIBLE.test(name)) continue;
  const body = readFileSync(join(assets, name));
  const copies = {
    ".br": brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    ".gz": gzipSync(body, { level: 9 }),
  };
  for (const [suffix, copy] of Object.entries(copies)) {
    if (copy.length < body.length) writeFileSync(join(assets, name + suffix), copy);
  }
  raw += body.length;
  brotli += Math.min(copies[".br"].length, body.length);
}
console.log(`Precompressed assets: ${(raw / 1024).toFixed(1)} KB raw, ${(brotli / 1024).toFixed(1)} KB as Brotli`);
