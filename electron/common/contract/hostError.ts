import type { HostErrorBody } from './hostContract';

/** Thrown by route implementations; becomes a JSON error answer with this status. */
export class HostError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export function jsonErrorResponse(status: number, code: string, message: string, headers?: HeadersInit): Response {
  const body: HostErrorBody = { error: message, code };
  const h = new Headers(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers: h });
}
