import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../domain/errors.js';

/** A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing else goes into a link. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** Where absolute links point (feeds, calendars, the v2 API) and what ids and UIDs are made from. */
export interface PublicOrigin {
  /** `https://status.example.dk`, no trailing slash. */
  origin: string;
  /** The host name alone (no port), lower case: the authority of `tag:` ids and of calendar UIDs. */
  host: string;
}

/**
 * The origin absolute links and ids are made of (feeds, calendars, the v2 API's `page.url`): the configured public URL when there is
 * one, else the one the request was made to (`Host`, or `X-Forwarded-*` behind a trusted proxy).
 * A `Host` that is no host name is a 400 naming the header, never a link.
 *
 * @example
 * publicOrigin(request, 'https://status.example.dk'); // { origin: 'https://status.example.dk', host: 'status.example.dk' }
 */
export function publicOrigin(request: Pick<FastifyRequest, 'protocol' | 'host'>, publicUrl?: string): PublicOrigin {
  if (publicUrl) {
    const url = new URL(publicUrl);
    return { origin: url.origin, host: url.hostname.toLowerCase() };
  }
  const host = request.host;
  // The pattern keeps out anything but a host; URL then refuses what is no address (port 99999, 999.1.1.1).
  const url = HOST.test(host) ? URL.parse(`${request.protocol === 'https' ? 'https' : 'http'}://${host}`) : null;
  if (!url)
    throw new InvalidInputError('invalid_host', [{ field: 'Host', message: 'must be a host name or address, with an optional port' }]);
  return { origin: url.origin, host: url.hostname.toLowerCase() };
}
