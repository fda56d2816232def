import { generate } from 'otplib';
import type { GraphQLClient } from '@lg/platform/testing';

/** The code an authenticator app shows for `secret`, `steps` periods of 30 s from now (as a phone a little ahead would). */
export const totp = (secret: string, steps = 0): Promise<string> => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

export const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { id } } }';
export const START = 'mutation($c: String) { startMfaEnrollment(challengeToken: $c) { secret otpauthUri qrCodeDataUrl expiresAt } }';
export const CONFIRM = `mutation($code: String!, $c: String, $end: Boolean) {
  confirmMfaEnrollment(code: $code, challengeToken: $c, endOtherSessions: $end) { recoveryCodes endedSessions session { accessToken refreshToken user { id } } }
}`;
export const VERIFY = `mutation($t: String!, $code: String, $r: String) {
  verifyMfaChallenge(challengeToken: $t, code: $code, recoveryCode: $r) { accessToken refreshToken user { id } }
}`;

/** Turns MFA on for a signed-in user through the gateway: the secret and the recovery codes. */
export async function enrolMfa(gql: GraphQLClient, token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await gql(START, {}, { token });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const secret = started.data!.startMfaEnrollment.secret as string;
  // The previous period's code (still accepted for clock drift) leaves this one and the next for
  // sign-ins; asked again once if a period ended between computing and checking it.
  let confirmed = await gql(CONFIRM, { code: await totp(secret, -1) }, { token });
  if (confirmed.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT') confirmed = await gql(CONFIRM, { code: await totp(secret, -1) }, { token });
  if (confirmed.errors) throw new Error(JSON.stringify(confirmed.errors));
  return { secret, recoveryCodes: confirmed.data!.confirmMfaEnrollment.recoveryCodes as string[] };
}

/** The challenge token a sign-in of an MFA user answers with instead of tokens. */
export async function challengeOf(gql: GraphQLClient, email: string, password: string): Promise<string> {
  const res = await gql(LOGIN, { e: email, p: password });
  const extensions = res.errors?.[0]?.extensions as { challengeToken?: string } | undefined;
  if (!extensions?.challengeToken) throw new Error(`expected an MFA challenge, got ${JSON.stringify(res)}`);
  return extensions.challengeToken;
}
