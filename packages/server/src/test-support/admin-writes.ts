import type { Problem } from '@kdi-status/sdk';

/** What an admin write answered: its status, and the body parsed (problem or created entity). */
export interface WriteAnswer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: { id?: string } & Partial<Problem>;
}

/**
 * Opens an incident on the demo landscape's `ky` through the real admin API over HTTP, with a
 * message of `messageBytes` (to make a write take room on disk). `signal` bounds the wait.
 *
 * @example
 * const answer = await openIncidentOver(baseUrl, token, 'crash 1');
 * if (answer.status === 201) acknowledged.push(answer.body.id!);
 */
export async function openIncidentOver(
  baseUrl: string,
  token: string,
  title: string,
  options: { messageBytes?: number; signal?: AbortSignal } = {},
): Promise<WriteAnswer> {
  const response = await fetch(`${baseUrl}/api/v1/admin/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: { da: title },
      impact: 'minor',
      vendor: 'fagsys-nord',
      components: [{ id: 'ky', status: 'degraded_performance' }],
      message: { da: 'Vi undersøger. '.padEnd(options.messageBytes ?? 40, 'x') },
    }),
    signal: options.signal ?? AbortSignal.timeout(15_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as WriteAnswer['body'],
  };
}
