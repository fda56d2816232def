import { BlockList, isIP } from 'node:net';
import { badInput } from '@lg/platform';

export const MAX_ALLOWED_ADDRESSES = 20;

/** An IPv4 address as an IPv6 socket reports it (`::ffff:10.0.0.1`) is the IPv4 address. */
const plain = (address: string): string => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

/** Each entry an address or a CIDR range, normalised; BAD_USER_INPUT naming the first bad one. */
export function checkedAddresses(given: readonly string[]): string[] {
  if (given.length > MAX_ALLOWED_ADDRESSES) throw badInput(`At most ${MAX_ALLOWED_ADDRESSES} allowed addresses.`, 'allowedAddresses');
  return [...new Set(given.map((entry) => {
    const [address = '', bits, extra] = entry.trim().split('/');
    const family = isIP(plain(address));
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max)))
      throw badInput(`"${entry.slice(0, 60)}" is neither an IP address nor a CIDR range.`, 'allowedAddresses');
    return bits === undefined ? plain(address) : `${plain(address)}/${bits}`;
  }))];
}

/** Whether `address` is one of the entries (any address when there are none). */
export function addressAllowed(entries: readonly string[], address: string | undefined): boolean {
  if (entries.length === 0) return true;
  const candidate = address ? plain(address) : '';
  const family = isIP(candidate);
  if (!family) return false;
  const list = new BlockList();
  for (const entry of entries) {
    const [base = '', bits] = entry.split('/');
    const type = isIP(base) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(bits), type);
  }
  return list.check(candidate, family === 4 ? 'ipv4' : 'ipv6');
}
