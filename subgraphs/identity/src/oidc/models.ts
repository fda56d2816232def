/** A sign-in provider's account linked to a user; `_id` is `<provider>|<subject>`, one user per provider account. */
export interface LinkedAccountDocument {
  _id: string;
  provider: string;
  /** The provider's stable id of the account (`sub`). */
  subject: string;
  userId: string;
  /** The email the provider gave when linked, for the user to recognise the account. */
  email: string | null;
  linkedAt: Date;
}

/**
 * An authorization request under way, keyed by the sha256 of its `state`: what only the server
 * may know of it (the PKCE verifier, the nonce) and what it was for. Claimed (deleted) once.
 */
export interface OidcStateRecord {
  _id: string;
  provider: string;
  redirectUri: string;
  codeVerifier: string;
  nonce: string;
  /** Set when a signed-in user links an account rather than signs in. */
  linkUserId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** What a provider tells of the person who signed in. */
export interface ProviderIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}
