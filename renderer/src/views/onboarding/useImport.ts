/**
 * Step 1's shared plumbing: one busy flag and one error for every way in
 * (main's file dialog, a .json dropped anywhere on the window, typed
 * credentials, a server address, demo), and the window's drag-and-drop.
 */
import { useEffect, useRef, useState } from 'react';
import type { Result, Snapshot } from '../../../../shared/contract';
import type { AppErrorPayload } from '../../../../shared/errors';
import { call, useBridge } from '../../bridge';

/** The contract accepts at most this much provisioning text. */
const MAX_PROVISIONING_CHARS = 64 * 1024;

export function isJsonFile(file: Pick<File, 'name' | 'type'>): boolean {
  return /\.json$/i.test(file.name) || file.type === 'application/json';
}

function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

export interface Importer {
  busy: boolean;
  error: AppErrorPayload | null;
  /** A dropped file that is not JSON. */
  dropProblem: boolean;
  dragging: boolean;
  /** Main's file dialog. */
  pick(): Promise<void>;
  /**
   * Runs a call that answers with a snapshot (null: the employee cancelled),
   * applies it, and keeps its error unless `ownError` says the caller shows it.
   */
  run<T extends Snapshot | null>(
    work: () => Promise<Result<T>>,
    ownError?: (error: AppErrorPayload) => boolean,
  ): Promise<Result<T>>;
}

export function useImport(onSnapshot: (snapshot: Snapshot) => void): Importer {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorPayload | null>(null);
  const [dropProblem, setDropProblem] = useState(false);
  const [dragging, setDragging] = useState(false);

  const run: Importer['run'] = async (work, ownError) => {
    setBusy(true);
    setError(null);
    setDropProblem(false);
    const r = await work();
    setBusy(false);
    if (!r.ok) {
      if (!ownError?.(r.error)) setError(r.error);
    } else if (r.value) onSnapshot(r.value);
    return r;
  };

  const importFile = async (file: File) => {
    if (!isJsonFile(file)) {
      setDropProblem(true);
      return;
    }
    await run(async () => {
      const text = await readText(file).catch(() => '');
      if (!text || text.length > MAX_PROVISIONING_CHARS) {
        return {
          ok: false,
          error: { code: 'provisioningInvalid', message: 'unreadable file' },
        } as const;
      }
      return call(bridge, 'importProvisioning', { text });
    });
  };
  // The window listeners are added once; they reach the latest render through this ref.
  const importLatest = useRef(importFile);
  importLatest.current = importFile;

  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      // Only leaving the window itself ends the drag (not moving between children).
      if (!e.relatedTarget) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void importLatest.current(file);
    };
    window.addEventListener('dragenter', over);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', over);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  return {
    busy,
    error,
    dropProblem,
    dragging,
    pick: async () => {
      await run(() => call(bridge, 'pickProvisioningFile'));
    },
    run,
  };
}
