// A small PNG encoder for the build: the first frame of the heatmap becomes a data URI in the
// static HTML. Build-only (Node's zlib does the deflate and the CRC), so readers never
// download it; the 64 × 64 grey + alpha mask compresses to well under its 8 KB raw size.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encode width × height pixels as PNG bytes: RGBA (4 channels, the default) or grey + alpha (2).
 * Deterministic for a given Node (its bundled zlib): the same pixels give the same bytes; Node is pinned.
 * @example encodePng(1, 1, new Uint8ClampedArray([0, 128]), 2) // one half-transparent pixel
 */
export function encodePng(width: number, height: number, pixels: Uint8ClampedArray, channels: 2 | 4 = 4): Uint8Array {
  const row = width * channels;
  const raw = Buffer.alloc(height * (1 + row));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + row)] = 0; // filter: none
    raw.set(pixels.subarray(y * row, (y + 1) * row), y * (1 + row) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, channels === 4 ? 6 : 4, 0, 0, 0], 8); // 8-bit, RGBA or grey + alpha, deflate, adaptive filter, no interlace
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return new Uint8Array(
    Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]),
  );
}

/** PNG bytes as a data URI. */
export function pngDataUri(bytes: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
}
