/** Every signed-in desktop, grouped by employee; revoke one, or all of an employee's. */
import { useCallback, useState } from 'react';
import { api } from '../api';
import type { ViewProps } from '../App';
import type { Device, DevicesReply } from '../contract';
import { useI18n } from '../i18n';
import { ErrorNotice, errorOf, Loading, useLoad } from './common';
import type { AppErrorPayload } from '../../../../shared/errors';

type Pending =
  { kind: 'one'; device: Device } | { kind: 'all'; userId: string; name: string; count: number };

export function DevicesView({ format }: ViewProps) {
  const { t } = useI18n();
  const load = useCallback(() => api<DevicesReply>('GET', '/devices'), []);
  const { data, error, reload } = useLoad(load);
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [failure, setFailure] = useState<AppErrorPayload | null>(null);

  const confirm = async () => {
    if (!pending) return;
    try {
      const reply =
        pending.kind === 'one'
          ? await api<{ revoked: number }>(
              'DELETE',
              `/devices/${encodeURIComponent(pending.device.sessionId)}`,
            )
          : await api<{ revoked: number }>(
              'POST',
              `/users/${encodeURIComponent(pending.userId)}/revoke`,
            );
      setDone(reply.revoked);
      setFailure(null);
    } catch (e) {
      setFailure(errorOf(e));
    }
    setPending(null);
    await reload();
  };

  const groups = new Map<string, Device[]>();
  for (const d of data?.devices ?? []) groups.set(d.userId, [...(groups.get(d.userId) ?? []), d]);

  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('devices.title')}</h2>
      <p className="intro">{t('devices.intro')}</p>
      {error && <ErrorNotice error={error} />}
      {failure && <ErrorNotice error={failure} />}
      {done !== null && (
        <p className="notice notice-ok" role="status">
          {t('devices.revoked', { count: done })}
        </p>
      )}
      {pending && (
        <div className="confirm" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">
            {pending.kind === 'one'
              ? t('devices.confirmRevoke', { device: pending.device.deviceName })
              : t('devices.confirmRevokeAll', { name: pending.name, count: pending.count })}
          </p>
          <button type="button" className="button danger" onClick={() => void confirm()}>
            {t('devices.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setPending(null)}>
            {t('devices.cancel')}
          </button>
        </div>
      )}
      {!data && !error && <Loading />}
      {data && data.devices.length === 0 && <p className="muted">{t('devices.none')}</p>}
      {data && data.devices.length > 0 && (
        <table className="table" id="devices">
          <thead>
            <tr>
              <th>{t('devices.employee')}</th>
              <th>{t('devices.device')}</th>
              <th>{t('devices.version')}</th>
              <th>{t('devices.lastSeen')}</th>
              <th>{t('devices.ip')}</th>
              <th />
            </tr>
          </thead>
          {[...groups].map(([userId, devices]) => {
            const name = devices[0]?.userName ?? userId;
            return (
              <tbody key={userId} className="group">
                {devices.map((d, i) => (
                  <tr key={d.sessionId} data-session={d.sessionId}>
                    <td>
                      {i === 0 && (
                        <>
                          <strong>{name}</strong> <span className="muted">{userId}</span>
                          {devices.length > 0 && (
                            <button
                              type="button"
                              className="link-button small revoke-all"
                              onClick={() =>
                                setPending({ kind: 'all', userId, name, count: devices.length })
                              }
                            >
                              {t('devices.revokeAll')}
                            </button>
                          )}
                        </>
                      )}
                    </td>
                    <td>
                      {d.deviceName} <span className="muted small">{d.platform}</span>
                    </td>
                    <td>{d.appVersion}</td>
                    <td className="time">{format.dateTime(d.lastSeenAt)}</td>
                    <td>
                      <code>{d.ip ?? '—'}</code>
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button small"
                        onClick={() => setPending({ kind: 'one', device: d })}
                      >
                        {t('devices.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      )}
    </section>
  );
}
