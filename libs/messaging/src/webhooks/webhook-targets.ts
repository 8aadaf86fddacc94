import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** One resolved address of a webhook's host. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (A and AAAA). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveHost: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * Why a webhook address is refused; stable, shown to the ministry system
 * (`details.reason`) and stored as a failed attempt's error class.
 */
export type WebhookTargetProblem =
  'INVALID_URL' | 'HTTPS_REQUIRED' | 'CREDENTIALS_IN_URL' | 'UNRESOLVABLE_HOST' | 'PRIVATE_TARGET';

export class WebhookTargetError extends Error {
  override readonly name = 'WebhookTargetError';

  constructor(readonly reason: WebhookTargetProblem) {
    super(`webhook target refused: ${reason}`);
  }

  /** For failed attempts: the class of the error, never an address. */
  get code(): string {
    return this.reason;
  }
}

/**
 * Everything that is not public unicast: this host, private networks
 * (RFC 1918, CGNAT, unique-local), link-local, documentation, benchmarking,
 * multicast, reserved. IPv4-mapped and NAT64 IPv6 are judged by the IPv4
 * address inside.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}
const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet('2000::', 3, 'ipv6');

/** The IPv4 address carried by an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an IP address (4 or 6) is a public unicast address a webhook may reach. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const inner = embeddedIpv4(address);
  if (inner) return isPublicAddress(inner);
  if (/^(::ffff:|64:ff9b::)/i.test(address)) return false;
  return GLOBAL_UNICAST_V6.check(address, 'ipv6') && !NON_PUBLIC.check(address, 'ipv6');
}

export interface WebhookTargetPolicy {
  /** Test only: http:// and loopback or private addresses (WEBHOOKS_ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets: boolean;
  resolve: HostResolver;
}

export interface CheckedTarget {
  url: URL;
  /** The host name as written (for TLS SNI and the Host header), without IPv6 brackets. */
  hostname: string;
  /** Every address it resolved to, all checked: connect to one of these, never resolve again. */
  addresses: ResolvedAddress[];
}

/** Parses a webhook address as registered; throws WebhookTargetError. */
export function parseWebhookUrl(
  raw: string,
  policy: Pick<WebhookTargetPolicy, 'allowPrivateTargets'>,
): URL {
  if (raw.length > 2048 || !URL.canParse(raw)) throw new WebhookTargetError('INVALID_URL');
  const url = new URL(raw);
  const schemes = policy.allowPrivateTargets ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new WebhookTargetError('HTTPS_REQUIRED');
  if (url.username || url.password) throw new WebhookTargetError('CREDENTIALS_IN_URL');
  if (!url.hostname) throw new WebhookTargetError('INVALID_URL');
  return url;
}

/**
 * Resolves the webhook's host and checks every address it has; one
 * non-public address refuses the whole target (an attacker's DNS answer may
 * mix them). Used when a webhook is registered and again before each POST,
 * which then connects to an address checked here (DNS can change between).
 */
export async function checkWebhookTarget(
  raw: string,
  policy: WebhookTargetPolicy,
): Promise<CheckedTarget> {
  const url = parseWebhookUrl(raw, policy);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await policy.resolve(hostname);
    } catch {
      throw new WebhookTargetError('UNRESOLVABLE_HOST');
    }
    if (addresses.length === 0) throw new WebhookTargetError('UNRESOLVABLE_HOST');
  }
  if (!policy.allowPrivateTargets && !addresses.every((entry) => isPublicAddress(entry.address))) {
    throw new WebhookTargetError('PRIVATE_TARGET');
  }
  return { url, hostname, addresses };
}
