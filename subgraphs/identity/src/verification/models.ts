/** A verification link sent to one address of a user. */
export interface EmailVerificationRecord {
  /** sha256 of the token: the token itself is only ever in the mail. */
  _id: string;
  userId: string;
  /** The address the link proves; a link for an address the account no longer uses verifies nothing. */
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}
