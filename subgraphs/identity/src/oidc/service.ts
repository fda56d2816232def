import {
  badInput, conflict, flushOutbox, forbidden, newId, notFound,
  type AuditMeta, type Config, type EventLog, type Logger, type Viewer,
} from '@lg/platform';
import { accountLinked, accountUnlinked, userRegistered } from '../events.ts';
import type { AuthPayloadModel, ClientInfo, LinkedAccountModel, UserModel } from '../models.ts';
import type { OidcAuthorization } from '../generated/resolvers-types.ts';
import { EmailTakenError, type IdentityRepository } from '../repository.ts';
import { normaliseEmail, type IdentityService } from '../service.ts';
import { sha256 } from '../tokens.ts';
import type { LinkedAccountDocument, ProviderIdentity } from './models.ts';
import { SignInProvider } from './providers.ts';
import { linkIdOf, type OidcRepository } from './repository.ts';

/** An authorization request lives this long: enough to sign in at the provider, too short to be worth stealing. */
const STATE_TTL_MS = 10 * 60 * 1000;
/** Where the web client receives the provider's answer, on each of WEB_ORIGINS. */
export const CALLBACK_PATH = '/auth/callback';
const MAX_URL = 4096;

/**
 * Sign-in and linking through configured providers. Who may take which account:
 * - a provider account already linked signs in as its user;
 * - otherwise a VERIFIED email links to the user with that email, or creates a user (no password);
 * - an unverified (or missing) email creates nothing and links nothing: anyone can type any
 *   address at a provider that does not check it, and an account taken that way is an account lost;
 * - a signed-in user links any account of a provider by signing in there (that proves it is theirs).
 */
export class OidcService {
  private readonly providers: Map<string, SignInProvider>;
  private readonly callbacks: Set<string>;

  constructor(
    private readonly users: IdentityRepository,
    private readonly repository: OidcRepository,
    private readonly identity: IdentityService,
    private readonly events: EventLog,
    config: Config,
    logger: Logger,
  ) {
    this.providers = new Map(config.OIDC_PROVIDERS.map((p) => [p.id, new SignInProvider(p, logger.child({ part: 'oidc' }))]));
    this.callbacks = new Set(config.WEB_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean).map((o) => new URL(CALLBACK_PATH, o).href));
  }

  list(): { id: string; name: string }[] {
    return [...this.providers.values()].map((p) => ({ id: p.id, name: p.name }));
  }

  nameOf(provider: string): string {
    return this.providers.get(provider)?.name ?? provider;
  }

  startSignIn(provider: string, redirectUri: string): Promise<OidcAuthorization> {
    return this.start(provider, redirectUri, null);
  }

  startLink(viewer: Viewer, provider: string, redirectUri: string): Promise<OidcAuthorization> {
    return this.start(provider, redirectUri, viewer.id);
  }

  async completeSignIn(provider: string, state: string, callbackUrl: string, audit: AuditMeta, client?: ClientInfo): Promise<AuthPayloadModel> {
    const identity = await this.complete(provider, state, callbackUrl, null);
    const readAt = Date.now();
    const user = await this.userFor(provider, identity, audit);
    return this.identity.finishSignIn(user, readAt, { method: 'OIDC', provider, audit, ...(client ? { client } : {}) });
  }

  async completeLink(viewer: Viewer, provider: string, state: string, callbackUrl: string, audit: AuditMeta): Promise<LinkedAccountModel> {
    const identity = await this.complete(provider, state, callbackUrl, viewer.id);
    const existing = await this.repository.findLink(provider, identity.subject);
    if (existing && existing.userId !== viewer.id) throw conflict(`This ${this.nameOf(provider)} account is already linked to another user.`);
    return this.named(existing ?? await this.link(viewer.id, provider, identity, false, audit));
  }

  async linkedAccounts(viewer: Viewer): Promise<LinkedAccountModel[]> {
    return (await this.repository.linksOf(viewer.id, this.providers.size + 10)).map((l) => this.named(l));
  }

  private named(link: LinkedAccountDocument): LinkedAccountModel {
    return { ...link, providerName: this.nameOf(link.provider) };
  }

  /** Refused when it would leave the user no way to sign in (no password and no other provider). */
  async unlink(viewer: Viewer, provider: string, audit: AuditMeta): Promise<boolean> {
    this.checkProviderId(provider);
    const user = await this.users.findUser(viewer.id);
    if (!user) throw notFound('Your account');
    const links = await this.repository.linksOf(viewer.id, this.providers.size + 10);
    if (!links.some((l) => l.provider === provider)) throw notFound(`A linked ${this.nameOf(provider)} account`);
    const lastWay = () => forbidden('This is your only way to sign in: set a password (reset it from the sign-in page) or link another provider first.');
    if (!user.passwordHash && links.length <= 1) throw lastWay();
    const removed = await this.repository.deleteLink(viewer.id, provider);
    if (!removed) throw notFound(`A linked ${this.nameOf(provider)} account`);
    // Two unlinks racing could each have seen the other's account remain: look again after.
    if (!user.passwordHash && (await this.repository.linksOf(viewer.id, 1)).length === 0) {
      await this.repository.restoreLink(removed);
      throw lastWay();
    }
    await this.record(viewer.id, [accountUnlinked(viewer.id, { provider, subject: removed.subject, audit })]);
    return true;
  }

  private async start(provider: string, redirectUri: string, linkUserId: string | null): Promise<OidcAuthorization> {
    const signIn = this.provider(provider);
    if (redirectUri.length > MAX_URL || !this.callbacks.has(redirectUri))
      throw badInput(`redirectUri must be one of: ${[...this.callbacks].join(', ')}.`, 'redirectUri');
    const request = await signIn.authorizationRequest(redirectUri);
    const now = new Date();
    await this.repository.deleteExpiredStates(now);
    await this.repository.insertState({
      _id: sha256(request.state), provider, redirectUri, codeVerifier: request.codeVerifier, nonce: request.nonce, linkUserId,
      createdAt: now, expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    });
    return { authorizationUrl: request.url.href, state: request.state };
  }

  /**
   * Claims the request (single use, whatever happens next), checks that the answer belongs to it,
   * and asks the provider who signed in.
   */
  private async complete(provider: string, state: string, callbackUrl: string, linkUserId: string | null): Promise<ProviderIdentity> {
    const signIn = this.provider(provider);
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(state)) throw badInput('state is not valid.', 'state');
    const answer = parseCallback(callbackUrl);
    if (answer.get('state') !== state) throw badInput('The provider\'s answer is for another sign-in; start again.', 'callbackUrl');
    const record = await this.repository.claimState(sha256(state), new Date());
    if (!record || record.provider !== provider || record.linkUserId !== linkUserId)
      throw badInput('This sign-in is invalid, expired or already used; start again.', 'state');
    // Only the query is the provider's; the address is the one the request was made with.
    const callback = new URL(record.redirectUri);
    callback.search = answer.toString();
    return signIn.identify(callback, { state, nonce: record.nonce, codeVerifier: record.codeVerifier });
  }

  /** The user a provider account signs in as: linked already, linked now by verified email, or new. */
  private async userFor(provider: string, identity: ProviderIdentity, audit: AuditMeta): Promise<UserModel> {
    let link = await this.repository.findLink(provider, identity.subject);
    if (!link) {
      if (!identity.email || !identity.emailVerified)
        throw forbidden(`${this.nameOf(provider)} did not confirm that this email address is yours, so no account was linked or created. Verify it at ${this.nameOf(provider)}, or sign up with a password.`);
      const email = normaliseEmail(identity.email);
      const existing = await this.users.findUserByEmail(email);
      link = await this.link(existing?._id ?? newId(), provider, { ...identity, email }, true, audit, existing === null);
    }
    return (await this.users.findUser(link.userId)) ?? this.createUser(link, identity, audit);
  }

  private async link(userId: string, provider: string, identity: ProviderIdentity, byVerifiedEmail: boolean, audit: AuditMeta, newUser = false): Promise<LinkedAccountDocument> {
    const link: LinkedAccountDocument = { _id: linkIdOf(provider, identity.subject), provider, subject: identity.subject, userId, email: identity.email, linkedAt: new Date() };
    const inserted = await this.repository.insertLink(link);
    if (inserted === 'taken') {
      // Two first sign-ins of one account raced: the other one linked it.
      const other = await this.repository.findLink(provider, identity.subject);
      if (other && !byVerifiedEmail) throw conflict(`This ${this.nameOf(provider)} account is already linked to another user.`);
      if (other) return other;
    }
    if (inserted === 'provider') throw conflict(`This account is already linked to another ${this.nameOf(provider)} account; unlink it first.`);
    // A new user's event goes with its creation (createUser), after UserRegistered.
    if (!newUser) await this.record(userId, [accountLinked(userId, { provider, subject: identity.subject, byVerifiedEmail, audit })]);
    return link;
  }

  /** The user of a new link (or of one whose creation a crash interrupted): no password, the provider's email. */
  private async createUser(link: LinkedAccountDocument, identity: ProviderIdentity, audit: AuditMeta): Promise<UserModel> {
    const now = new Date();
    const displayName = (identity.name ?? '').trim().slice(0, 80) || link.email!.split('@')[0]!.slice(0, 80);
    const user: UserModel = {
      _id: link.userId, email: link.email!, emailVerified: true, displayName, bio: null, roles: ['STUDENT'], createdAt: now, updatedAt: now,
      outbox: [
        userRegistered(link.userId, { displayName, roles: ['STUDENT'], email: link.email! }),
        accountLinked(link.userId, { provider: link.provider, subject: link.subject, byVerifiedEmail: true, audit: { ...audit, actorId: link.userId } }),
      ],
    };
    try {
      await this.users.insertUser(user);
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      // Someone signed up with this (verified) email in between: theirs is the account.
      const owner = await this.users.findUserByEmail(link.email!);
      if (!owner) throw error;
      await this.repository.moveLink(link._id, owner._id);
      await this.record(owner._id, [accountLinked(owner._id, { provider: link.provider, subject: link.subject, byVerifiedEmail: true, audit })]);
      return owner;
    }
    await flushOutbox(this.users.users, user._id, this.events);
    return user;
  }

  private async record(userId: string, events: Parameters<OidcRepository['recordEvents']>[1]): Promise<void> {
    if (await this.repository.recordEvents(userId, events)) await flushOutbox(this.users.users, userId, this.events);
  }

  private provider(id: string): SignInProvider {
    this.checkProviderId(id);
    const provider = this.providers.get(id);
    if (!provider) throw notFound(`The sign-in provider "${id}"`);
    return provider;
  }

  private checkProviderId(id: string): void {
    if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(id)) throw badInput('provider is not a configured provider id.', 'provider');
  }
}

/** The provider's answer: the callback URL the browser came back to, or just its query string. */
function parseCallback(callbackUrl: string): URLSearchParams {
  if (callbackUrl.length > MAX_URL) throw badInput(`callbackUrl must be at most ${MAX_URL} characters.`, 'callbackUrl');
  const query = callbackUrl.includes('?') ? callbackUrl.slice(callbackUrl.indexOf('?') + 1) : callbackUrl;
  const params = new URLSearchParams(query.split('#')[0]);
  if (!params.get('state') || (!params.get('code') && !params.get('error')))
    throw badInput('callbackUrl must be the address the provider sent you back to, with its code and state.', 'callbackUrl');
  return params;
}
