import { buildSchema, type GraphQLSchema } from 'graphql';
import type { AppFeature } from './generated/route-operations.ts';

/**
 * The web client's routes, by feature. navigate_to_route runs no graph operation: its operation
 * document is validated against this local schema instead of the API, so that its input schema is
 * derived the same way as every other tool's.
 */
export const ROUTES = {
  HOME: '/',
  COURSES: '/courses',
  COURSE: '/courses/:slug',
  LEARNING: '/learning',
  DASHBOARD: '/dashboard',
  WISHLIST: '/wishlist',
  CART: '/cart',
  ORDERS: '/orders',
  LABS: '/labs',
  LAB_BOOKINGS: '/labs/bookings',
  NOTIFICATIONS: '/notifications',
  ASSISTANT: '/assistant',
  PROFILE: '/profile',
} as const;

export const LOCAL_SDL = /* GraphQL */ `
"A page of the web client."
enum AppFeature { ${Object.keys(ROUTES).join(' ')} }
type Query {
  "The web route of a feature."
  route(
    "The page to open: COURSE needs the course's slug."
    feature: AppFeature!
    "The course's slug, for COURSE (as in /courses/:slug)."
    slug: String
  ): String!
}
`;

export const localSchema: GraphQLSchema = buildSchema(LOCAL_SDL);

/** The route of a feature; COURSE without a slug is the course list. */
export function routeFor(feature: string, slug?: string | null): { route: string } | { error: string } {
  if (!(feature in ROUTES)) return { error: `Unknown feature "${feature}"; known: ${Object.keys(ROUTES).join(', ')}.` };
  const path = ROUTES[feature as AppFeature];
  if (feature !== 'COURSE') return { route: path };
  if (!slug || !/^[a-z0-9-]{1,200}$/.test(slug)) return { route: ROUTES.COURSES };
  return { route: path.replace(':slug', slug) };
}
