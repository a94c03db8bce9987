/** The API's names the browser code needs as values (contract.ts has the zod schemas, server-side). */
export const ADMIN_API = '/admin/api';
export const CSRF_HEADER = 'x-csrf-token';
export const OUTCOMES = ['punched', 'offline', 'refused', 'reconciled', 'pending'] as const;
export type Outcome = (typeof OUTCOMES)[number];
