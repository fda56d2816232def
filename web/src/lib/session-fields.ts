import { graphql } from '../gql/index.ts';

/**
 * What the client keeps of a session, selected by every operation that signs in (sign-in, sign-up,
 * a provider's callback, a second factor, a forced enrolment); the refresh in auth.ts asks for
 * the same fields, and `Session` is this fragment's type.
 */
export const SessionFields = graphql(`
  fragment SessionFields on AuthPayload { accessToken accessTokenExpiresAt refreshToken user { id displayName roles emailVerified } }
`);
