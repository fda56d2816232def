import { testPlatform } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@lg/platform';
import { TestPaymentProvider, paymentProviderFromEnv } from '../src/index.ts';

let platform: Platform;
beforeAll(async () => void (platform = await testPlatform()));
afterAll(async () => {
  await platform.db.dropDatabase();
  await platform.close();
});

describe('choosing the payment provider', () => {
  it('development uses the built-in test provider by default', () => {
    expect(paymentProviderFromEnv(platform.db, { NODE_ENV: 'development' })).toBeInstanceOf(TestPaymentProvider);
  });

  it('production refuses to start without a provider chosen on purpose', () => {
    expect(() => paymentProviderFromEnv(platform.db, { NODE_ENV: 'production' })).toThrow(/PAYMENT_PROVIDER/);
    expect(paymentProviderFromEnv(platform.db, { NODE_ENV: 'production', PAYMENT_PROVIDER: 'test' })).toBeInstanceOf(TestPaymentProvider);
  });

  it('an unknown provider name stops start-up with a one-line reason', () => {
    expect(() => paymentProviderFromEnv(platform.db, { PAYMENT_PROVIDER: 'acme' })).toThrow(/acme/);
  });
});
