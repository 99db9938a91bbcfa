import { lookup as lookupOne, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook must not go: our own host and network, and addresses that are nobody's
 * (documentation, benchmarking, reserved). A webhook URL comes from a vendor's key, and the
 * server would otherwise POST wherever it is told (SSRF): to the metadata service at
 * 169.254.169.254, to a database port on 127.0.0.1, to the intranet behind the firewall.
 */
const PRIVATE_RANGES: ReadonlyArray<readonly [prefix: string, bits: number, family: 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", 0.0.0.0 itself included
  ['10.0.0.0', 8, 'ipv4'], // RFC 1918
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata
  ['172.16.0.0', 12, 'ipv4'], // RFC 1918
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.168.0.0', 16, 'ipv4'], // RFC 1918
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, 255.255.255.255 (broadcast) included
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['::', 96, 'ipv6'], // IPv4-compatible (deprecated): ::127.0.0.1
  ['64:ff9b::', 96, 'ipv6'], // well-known NAT64: 64:ff9b::a9fe:a9fe is 169.254.169.254 through the gateway
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['2001::', 32, 'ipv6'], // Teredo: carries an IPv4 address
  ['2002::', 16, 'ipv6'], // 6to4: 2002:7f00:1:: carries 127.0.0.1
  ['100::', 64, 'ipv6'], // discard
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const blocked = new BlockList();
for (const [prefix, bits, family] of PRIVATE_RANGES) blocked.addSubnet(prefix, bits, family);

/** `::ffff:7f00:1` → `127.0.0.1`: an IPv4-mapped IPv6 address is the IPv4 address it maps. */
function unmapped(address: string): string {
  const match = /^::ffff:(?:([0-9a-f]{1,4}):([0-9a-f]{1,4})|(\d+\.\d+\.\d+\.\d+))$/i.exec(address);
  if (!match) return address;
  if (match[3]) return match[3];
  const [high, low] = [parseInt(match[1]!, 16), parseInt(match[2]!, 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/**
 * Whether a webhook must not be sent to this IP address: loopback, RFC 1918, link-local,
 * carrier-grade NAT, unique local, unspecified, multicast, broadcast, reserved — and the
 * IPv4-mapped IPv6 form of each. Anything that is not an IP address is refused too.
 *
 * @example
 * isPrivateAddress('::ffff:169.254.169.254'); // true
 * isPrivateAddress('93.184.215.14'); // false
 */
export function isPrivateAddress(address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return true;
  return blocked.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** How hostnames are resolved: every address, as the system resolver gives them (a test hands in its own). */
export type ResolveAll = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>;

const resolveAll: ResolveAll = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** How strict {@link checkWebhookUrl} is, and how it resolves names. */
export interface WebhookUrlOptions {
  /** Lets http: and private addresses through: development and tests, never a public deployment. */
  allowPrivate: boolean;
  resolve?: ResolveAll;
}

/**
 * Why a webhook may not be sent to `url`, or undefined when it may: the reason, in English, for
 * the 422 answer's field message. Only https (http too when `allowPrivate`), no user name or
 * password in it, a host that resolves, and none of its addresses private (see
 * {@link isPrivateAddress}). The WHATWG URL parser normalises the host first, so the literal
 * forms of an address (`http://2130706433/`, `https://0x7f.1/`, `https://[::ffff:7f00:1]/`) are
 * checked as the address they are. A name that resolves to a public address now may resolve to
 * a private one later (DNS rebinding): the sender checks again when it connects.
 *
 * @example
 * await checkWebhookUrl('https://169.254.169.254/latest/meta-data', { allowPrivate: false });
 * // 'must not point to a private, loopback or link-local address (169.254.169.254)'
 */
export async function checkWebhookUrl(url: string, { allowPrivate, resolve = resolveAll }: WebhookUrlOptions): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:'))
    return allowPrivate ? 'must be an http or https URL' : 'must be an https URL';
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry a user name or password';
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (hostname === '') return 'must name a host';

  if (isIP(hostname) !== 0) {
    return allowPrivate || !isPrivateAddress(hostname)
      ? undefined
      : `must not point to a private, loopback or link-local address (${hostname})`;
  }
  // For a name, one answer whatever went wrong: what internal names resolve to, or whether they
  // resolve at all, is nothing to tell the key that asks.
  const PUBLIC_NAME = 'must be a host name that resolves to public internet addresses only';
  let addresses: string[];
  try {
    addresses = (await resolve(hostname)).map((entry) => entry.address);
  } catch {
    return PUBLIC_NAME;
  }
  if (addresses.length === 0) return PUBLIC_NAME;
  return allowPrivate || !addresses.some(isPrivateAddress) ? undefined : PUBLIC_NAME;
}

/**
 * The `lookup` of a webhook's connection: resolves as node:net would, and fails the connection
 * when any address the name resolves to is private — the check of {@link checkWebhookUrl} made
 * again at connect time, against the answer the socket will actually use, so a name that
 * resolved to a public address when the URL was saved cannot be turned to 127.0.0.1 after
 * (DNS rebinding). An IP address in the URL is not looked up; checkWebhookUrl has checked it.
 *
 * @example
 * https.request(url, { method: 'POST', lookup: publicOnlyLookup });
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookupOne(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
    if (error) return callback(error, '');
    const refused = found.find((entry) => isPrivateAddress(entry.address));
    if (refused) {
      const denied: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private address (${refused.address}) at connect time`);
      denied.code = 'EPRIVATEADDRESS';
      return callback(denied, '');
    }
    if (found.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, found);
    callback(null, found[0]!.address, found[0]!.family);
  });
};
