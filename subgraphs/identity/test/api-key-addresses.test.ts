import { describe, expect, it } from 'vitest';
import { addressAllowed, checkedAddresses } from '../src/api-keys/addresses.ts';

describe("an API key's allowed addresses", () => {
  it('are addresses or CIDR ranges, normalised and without repeats; anything else is BAD_USER_INPUT', () => {
    expect(checkedAddresses([' 10.0.0.0/8 ', '::ffff:192.0.2.7', '192.0.2.7', '2001:db8::/32'])).toEqual(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', 'example.com', '10.0.0.1/8/1', '10.0.0.0/x', ''])
      expect(() => checkedAddresses([bad]), bad).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('accept any address when empty, else only one inside an entry (an IPv4 address seen over IPv6 included)', () => {
    const entries = checkedAddresses(['203.0.113.0/24', '2001:db8::1']);
    expect([
      addressAllowed([], '198.51.100.1'), addressAllowed(entries, '203.0.113.9'), addressAllowed(entries, '::ffff:203.0.113.9'),
      addressAllowed(entries, '2001:db8::1'), addressAllowed(entries, '198.51.100.1'), addressAllowed(entries, undefined), addressAllowed(entries, 'unknown'),
    ]).toEqual([true, true, true, true, false, false, false]);
  });
});
