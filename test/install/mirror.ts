/**
 * A stand-in Electron release on a local mirror, as @electron/get downloads it:
 * `<mirror><dir>/electron-v<version>-<platform>-<arch>.zip` next to
 * `<mirror><dir>/SHASUMS256.txt` ("<sha256> *<file>" lines, read when
 * electron_use_remote_checksums asks for remote checksums), where <dir> is
 * `v<version>` by default (GitHub's layout) or whatever ELECTRON_CUSTOM_DIR makes
 * of `{{ version }}` (npmmirror's layout is the bare version).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  /** Forward slashes; a trailing slash makes a folder. */
  name: string;
  data?: Buffer | string;
  /** Unix permission bits (0o755, 0o644), kept by Electron's extractor. */
  mode?: number;
}

/** A stored (uncompressed) zip that records Unix modes, as Electron's release zips do. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // 1 January 2026, 00:00 in DOS time and date.
  const time = 0;
  const date = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const folder = entry.name.endsWith('/');
    const data = folder ? Buffer.alloc(0) : Buffer.from(entry.data ?? '');
    const name = Buffer.from(entry.name, 'utf8');
    const type = folder ? 0o040000 : 0o100000;
    const mode = type | (entry.mode ?? (folder ? 0o755 : 0o644));
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the high 16 bits below are its mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((mode * 0x10000 + (folder ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export interface Mirror {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  /** 'ok' serves the files; '404' answers every request with 404, as a mirror without the version. */
  mode: 'ok' | '404';
  close(): Promise<void>;
}

/** Serves `files` (path → content) on 127.0.0.1. */
export async function startMirror(files: Map<string, Buffer>): Promise<Mirror> {
  const mirror = { requests: [] as string[], mode: 'ok' as Mirror['mode'] };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    mirror.requests.push(path);
    const body = mirror.mode === 'ok' ? files.get(path) : undefined;
    if (req.method !== 'GET' || body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, {
      'content-type': path.endsWith('.txt') ? 'text/plain' : 'application/zip',
      'content-length': body.length,
    });
    res.end(body);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return Object.assign(mirror, {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  });
}
