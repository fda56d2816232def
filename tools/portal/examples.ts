/**
 * The developer portal's example operations: real documents of common tasks, validated against
 * schema/api.graphql by tests/portal/examples.test.ts (and a few run through the gateway), so that a
 * schema change that breaks one fails CI instead of the integrator who copies it.
 */
import type { ExampleDoc } from './model.ts';

export const EXAMPLES: ExampleDoc[] = [
  {
    id: 'list-courses',
    title: 'List published courses',
    description: 'The catalog needs no sign-in. Pages are at most 100 items; pass `pageInfo.endCursor` as `after` for the next page.',
    signedIn: false,
    query: `query ListCourses($first: Int!, $after: String, $search: String) {
  courses(first: $first, after: $after, filter: { search: $search }) {
    totalCount
    edges {
      node { id slug title summary level priceCents currency lessonCount }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: { first: 10, search: 'graph' },
  },
  {
    id: 'course-outline',
    title: "Read a course's outline",
    description: 'Sections and their lessons, by course id (or use `courseBySlug`).',
    signedIn: false,
    query: `query CourseOutline($id: ID!) {
  course(id: $id) {
    id title description
    instructor { id displayName }
    sections { id title lessons { id title kind durationMinutes preview } }
  }
}`,
    variables: { id: '<course id>' },
  },
  {
    id: 'sign-in',
    title: 'Sign in and get an access token',
    description: 'Answers a short-lived access token for `Authorization: Bearer …` and a single-use refresh token. An account with a second factor is refused with UNAUTHENTICATED, reason MFA_REQUIRED and a challenge token: finish with `verifyMfaChallenge`.',
    signedIn: false,
    query: `mutation SignIn($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken accessTokenExpiresAt refreshToken
    user { id displayName }
  }
}`,
    variables: { email: 'you@example.com', password: '<password>' },
  },
  {
    id: 'refresh-session',
    title: 'Renew the access token',
    description: 'Exchanges the refresh token for a new pair before the access token expires; each refresh token works once, and reusing a spent one ends the whole session.',
    signedIn: false,
    query: `mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    accessToken accessTokenExpiresAt refreshToken
  }
}`,
    variables: { refreshToken: '<refresh token>' },
  },
  {
    id: 'enrol',
    title: 'Enrol the signed-in user in a free course',
    description: 'Paid courses are bought with `addCourseToCart` and `checkout` instead; enrolling twice is CONFLICT.',
    signedIn: true,
    query: `mutation Enrol($courseId: ID!) {
  enrollInFreeCourse(courseId: $courseId) {
    id status enrolledAt progressPercent
    course { id title }
  }
}`,
    variables: { courseId: '<course id>' },
  },
  {
    id: 'my-enrollments',
    title: "The signed-in user's enrolments and progress",
    description: 'One page of enrolments with their progress and where to resume.',
    signedIn: true,
    query: `query MyEnrollments($first: Int!) {
  myEnrollments(first: $first) {
    totalCount
    edges {
      node {
        id status progressPercent
        course { id title }
        resumeLesson { id title }
      }
    }
  }
}`,
    variables: { first: 20 },
  },
  {
    id: 'notifications-live',
    title: 'Receive notifications live (subscription)',
    description: 'Subscriptions run over WebSocket with the graphql-ws protocol at the same /graphql URL; send `{ "authorization": "Bearer <access token>" }` as the connection_init payload.',
    signedIn: true,
    query: `subscription Notifications {
  notificationAdded { id kind message createdAt }
}`,
    variables: {},
  },
];
