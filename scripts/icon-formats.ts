/**
 * The icon containers, written by hand: both are a small header followed by
 * the images. Pure functions over bytes.
 */

/** One rendered square image: its PNG and its raw pixels (RGBA, premultiplied as resvg gives them). */
export interface IconImage {
  size: number;
  png: Buffer;
  rgba: Buffer;
}

const ICO_HEADER = 6;
const ICO_ENTRY = 16;
const BITMAPINFOHEADER = 40;

/**
 * A classic 32-bit DIB as ICO wants it: bottom-up BGRA rows with straight
 * alpha, the height doubled to account for the 1-bit AND mask that follows
 * (set where the pixel is fully transparent, for old readers).
 */
function dib(image: IconImage): Buffer {
  const { size, rgba } = image;
  const maskStride = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(BITMAPINFOHEADER + size * size * 4 + maskStride * size);
  out.writeUInt32LE(BITMAPINFOHEADER, 0);
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8);
  out.writeUInt16LE(1, 12);
  out.writeUInt16LE(32, 14);
  out.writeUInt32LE(size * size * 4 + maskStride * size, 20);
  const maskStart = BITMAPINFOHEADER + size * size * 4;
  for (let y = 0; y < size; y += 1) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x += 1) {
      const from = (y * size + x) * 4;
      const alpha = rgba[from + 3] ?? 0;
      const straight = (channel: number) =>
        alpha === 0 ? 0 : Math.min(255, Math.round(((rgba[from + channel] ?? 0) * 255) / alpha));
      const to = BITMAPINFOHEADER + (row * size + x) * 4;
      out[to] = straight(2);
      out[to + 1] = straight(1);
      out[to + 2] = straight(0);
      out[to + 3] = alpha;
      if (alpha === 0) {
        const bit = maskStart + row * maskStride + (x >> 3);
        out[bit] = (out[bit] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return out;
}

/**
 * A multi-size Windows ICO. Sizes below 256 are stored as DIBs (every Windows
 * reader takes those, NSIS included), 256 as PNG (the format Vista introduced
 * for it).
 */
export function encodeIco(images: readonly IconImage[]): Buffer {
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const payloads = sorted.map((image) => {
    if (image.size > 256) throw new Error(`ICO images are at most 256 px, got ${image.size}`);
    return image.size === 256 ? image.png : dib(image);
  });
  const header = Buffer.alloc(ICO_HEADER + ICO_ENTRY * sorted.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sorted.length, 4);
  let offset = header.length;
  sorted.forEach((image, index) => {
    const at = ICO_HEADER + ICO_ENTRY * index;
    const payload = payloads[index] as Buffer;
    header.writeUInt8(image.size === 256 ? 0 : image.size, at);
    header.writeUInt8(image.size === 256 ? 0 : image.size, at + 1);
    header.writeUInt8(0, at + 2);
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(payload.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += payload.length;
  });
  return Buffer.concat([header, ...payloads]);
}

/** ICNS element types that hold a PNG, by pixel size (the @2x ones share a size with a 1x one). */
const ICNS_TYPES: readonly { type: string; size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 },
  { type: 'ic10', size: 1024 },
];

export const ICNS_SIZES: readonly number[] = [...new Set(ICNS_TYPES.map((t) => t.size))];

/** A macOS ICNS holding PNG elements: 'icns', total length, then (type, length, PNG) records. */
export function encodeIcns(images: readonly IconImage[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const records = ICNS_TYPES.map(({ type, size }) => {
    const png = bySize.get(size);
    if (png === undefined) throw new Error(`ICNS needs a ${size} px image`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(records);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
