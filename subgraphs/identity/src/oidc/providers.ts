import * as client from 'openid-client';
import { GraphQLError } from 'graphql';
import { unauthenticated, type Logger, type OidcProviderSettings } from '@lg/platform';
import type { ProviderIdentity } from './models.ts';

/** Seconds each call to a provider may take: a provider that hangs fails the sign-in, not the server. */
const TIMEOUT_SECONDS = 10;
const GITHUB = { authorizationEndpoint: 'https://github.com/login/oauth/authorize', tokenEndpoint: 'https://github.com/login/oauth/access_token', apiUrl: 'https://api.github.com' };

/** What a sign-in needs to send the browser off and to check what comes back. */
export interface AuthorizationRequest { url: URL; state: string; nonce: string; codeVerifier: string }

/** The provider could not be reached or answered nonsense: nothing was decided, try again later. */
export class ProviderUnavailableError extends Error {}

export function providerUnavailable(name: string): GraphQLError {
  return new GraphQLError(`${name} cannot be reached right now; try again in a moment or sign in another way.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'PROVIDER_UNAVAILABLE' },
  });
}

/** http is allowed only to a provider on this machine (a development or test provider). */
const isLoopback = (url: URL): boolean => url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * One configured provider through openid-client: discovery once (again after a failure, so a
 * provider that was down at start works when it is back), then the authorization code flow with
 * PKCE, state and nonce. GitHub speaks OAuth 2 without ID tokens: no nonce, and who signed in
 * comes from its API, its verified emails included.
 */
export class SignInProvider {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(readonly settings: OidcProviderSettings, private readonly logger: Logger) {}

  get id(): string { return this.settings.id; }
  get name(): string { return this.settings.name; }
  private get isGithub(): boolean { return this.settings.kind === 'github'; }

  async authorizationRequest(redirectUri: string): Promise<AuthorizationRequest> {
    const config = await this.config();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: this.isGithub ? 'read:user user:email' : 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    };
    if (!this.isGithub) parameters.nonce = nonce;
    return { url: client.buildAuthorizationUrl(config, parameters), state, nonce, codeVerifier };
  }

  /**
   * Exchanges the code of `callback` (the redirect URI with the provider's answer) and tells who
   * signed in. A refusal (bad code, replayed code, wrong nonce or state) is UNAUTHENTICATED; an
   * unreachable provider is ProviderUnavailableError.
   */
  async identify(callback: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderIdentity> {
    const config = await this.config();
    try {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        ...(this.isGithub ? {} : { expectedNonce: checks.nonce, idTokenExpected: true }),
      });
      return this.isGithub ? await this.githubIdentity(tokens.access_token) : await this.oidcIdentity(config, tokens);
    } catch (error) {
      throw this.translate(error, 'completing a sign-in');
    }
  }

  private async oidcIdentity(config: client.Configuration, tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): Promise<ProviderIdentity> {
    const claims = tokens.claims();
    if (!claims) throw unauthenticated(`${this.name} sent no ID token.`);
    let info: Record<string, unknown> = claims;
    // Many providers put the email in the ID token only when asked with `claims`; userinfo always has it.
    if (claims.email === undefined && config.serverMetadata().userinfo_endpoint) {
      info = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
    }
    return {
      subject: claims.sub,
      email: typeof info.email === 'string' ? info.email : null,
      emailVerified: info.email_verified === true,
      name: typeof info.name === 'string' ? info.name : null,
    };
  }

  private async githubIdentity(accessToken: string): Promise<ProviderIdentity> {
    const api = this.settings.apiUrl ?? GITHUB.apiUrl;
    const get = async (path: string): Promise<unknown> => {
      const res = await fetch(`${api}${path}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/vnd.github+json', 'user-agent': 'learning-graph' },
        signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000),
      });
      if (res.status >= 500) throw new ProviderUnavailableError(`GitHub API answered ${res.status}`);
      if (!res.ok) throw unauthenticated(`${this.name} refused to tell who signed in.`);
      return res.json();
    };
    const user = (await get('/user')) as { id?: number; name?: string | null; login?: string };
    const emails = (await get('/user/emails')) as { email: string; primary: boolean; verified: boolean }[];
    if (typeof user.id !== 'number') throw unauthenticated(`${this.name} did not say who signed in.`);
    const primary = Array.isArray(emails) ? emails.find((e) => e.primary) ?? emails[0] : undefined;
    return { subject: String(user.id), email: primary?.email ?? null, emailVerified: primary?.verified === true, name: user.name ?? user.login ?? null };
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw this.translate(error, 'discovery');
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const { clientId, clientSecret } = this.settings;
    if (this.isGithub) {
      const authorization = new URL(this.settings.authorizationEndpoint ?? GITHUB.authorizationEndpoint);
      const config = new client.Configuration(
        { issuer: authorization.origin, authorization_endpoint: authorization.href, token_endpoint: this.settings.tokenEndpoint ?? GITHUB.tokenEndpoint },
        clientId, clientSecret,
      );
      config.timeout = TIMEOUT_SECONDS;
      if (isLoopback(authorization)) client.allowInsecureRequests(config);
      return config;
    }
    const issuer = new URL(this.settings.issuer!);
    return client.discovery(issuer, clientId, clientSecret, undefined, {
      timeout: TIMEOUT_SECONDS,
      ...(isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
    });
  }

  /** A network failure or a provider error page is "unavailable"; anything the protocol refused is UNAUTHENTICATED. */
  private translate(error: unknown, during: string): Error {
    if (error instanceof GraphQLError) return error;
    const unavailable = error instanceof ProviderUnavailableError
      || (error instanceof TypeError && !(error instanceof client.ClientError))
      || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
      || (error instanceof client.ClientError && ['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON'].includes(error.code ?? '')
        && ((error.cause as Response | undefined)?.status ?? 500) >= 500)
      || during === 'discovery';
    if (unavailable) {
      this.logger.warn({ err: error, provider: this.id, during }, 'sign-in provider unavailable');
      return providerUnavailable(this.name);
    }
    this.logger.info({ err: error, provider: this.id, during }, 'sign-in refused by the provider or its answer failed a check');
    if (error instanceof client.AuthorizationResponseError && error.error === 'access_denied')
      return unauthenticated(`The sign-in was cancelled at ${this.name}.`);
    return unauthenticated(`${this.name} could not confirm this sign-in (it may have expired or been used already); start again.`);
  }
}
