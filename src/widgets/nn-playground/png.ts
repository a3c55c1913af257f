// A minimal PNG encoder (RGBA, 8 bit, stored — uncompressed — deflate blocks) so the build
// can inline the first frame of the heatmap as a data URI without a dependency or Node's
// zlib (static.ts is shared with the browser bundle). The 64 × 64 grey + alpha mask of the
// first frame is 8 KB raw; it is drawn once per playground.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encode width × height pixels as PNG bytes: RGBA (4 channels, the default) or grey + alpha (2).
 * @example encodePng(1, 1, new Uint8ClampedArray([0, 128]), 2) // one half-transparent pixel
 */
export function encodePng(width: number, height: number, pixels: Uint8ClampedArray, channels: 2 | 4 = 4): Uint8Array {
  const row = width * channels;
  const raw = new Uint8Array(height * (1 + row));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + row)] = 0; // filter: none
    raw.set(pixels.subarray(y * row, (y + 1) * row), y * (1 + row) + 1);
  }
  // zlib stream of stored blocks (≤ 65535 bytes each) + Adler-32.
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const z = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  z[0] = 0x78;
  z[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    z[at] = b === blocks - 1 ? 1 : 0;
    z[at + 1] = part.length & 0xff;
    z[at + 2] = part.length >>> 8;
    z[at + 3] = ~part.length & 0xff;
    z[at + 4] = (~part.length >>> 8) & 0xff;
    z.set(part, at + 5);
    at += 5 + part.length;
  }
  let s1 = 1;
  let s2 = 0;
  for (const v of raw) {
    s1 = (s1 + v) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  new DataView(z.buffer).setUint32(at, ((s2 << 16) | s1) >>> 0);

  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, channels === 4 ? 6 : 4, 0, 0, 0], 8); // 8-bit, RGBA or grey + alpha, deflate, adaptive filter, no interlace
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', z),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** PNG bytes as a data URI (btoa exists in Node ≥ 16 and every browser). */
export function pngDataUri(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(text)}`;
}
