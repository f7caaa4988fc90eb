// File formats for the icons: PNG (zlib), Windows .ico (BMP entries for small sizes, PNG for 256) and macOS .icns.

import zlib from 'node:zlib';
import type { Canvas } from './raster';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(canvas: Canvas): Buffer {
  const { width, height } = canvas;
  const rgba = canvas.toRgba8();
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A 32-bit BMP icon entry (BGRA bottom-up plus the 1-bit AND mask): what every Windows tool reads. */
function bmpEntry(canvas: Canvas): Buffer {
  const { width, height } = canvas;
  const rgba = canvas.toRgba8();
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // XOR image + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = ((height - 1 - y) * width + x) * 4;
      const dst = (y * width + x) * 4;
      pixels.set([rgba[src + 2]!, rgba[src + 1]!, rgba[src]!, rgba[src + 3]!], dst);
    }
  }
  const maskRow = Math.ceil(width / 32) * 4;
  const mask = Buffer.alloc(maskRow * height); // all zero: the alpha channel decides
  return Buffer.concat([header, pixels, mask]);
}

export function encodeIco(canvases: readonly Canvas[]): Buffer {
  const images = canvases.map((c) => (c.width >= 256 ? encodePng(c) : bmpEntry(c)));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(canvases.length, 4);
  let offset = 6 + 16 * canvases.length;
  const directory = canvases.map((c, i) => {
    const entry = Buffer.alloc(16);
    entry[0] = c.width >= 256 ? 0 : c.width;
    entry[1] = c.height >= 256 ? 0 : c.height;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(images[i]!.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += images[i]!.length;
    return entry;
  });
  return Buffer.concat([header, ...directory, ...images]);
}

/** The PNG-bearing icns types by pixel size (the @2x types share sizes with the 1x ones above them). */
export const ICNS_TYPES: readonly { type: string; pixels: number }[] = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'ic11', pixels: 32 },
  { type: 'icp6', pixels: 64 },
  { type: 'ic12', pixels: 64 },
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic13', pixels: 256 },
  { type: 'ic09', pixels: 512 },
  { type: 'ic14', pixels: 512 },
  { type: 'ic10', pixels: 1024 },
];

export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const entries = ICNS_TYPES.map(({ type, pixels }) => {
    const png = pngBySize.get(pixels);
    if (!png) throw new Error(`icns needs a ${pixels} px image`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}
