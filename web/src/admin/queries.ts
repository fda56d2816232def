// Administration's documents (ADMIN only): the users list with roles, status and sessions,
// role changes, suspension, and the audit log.
import { graphql } from '../gql/index.ts';

export const AdminUsersQuery = graphql(`
  query AdminUsers($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id displayName email roles status createdAt
          suspension { reason at by { id displayName } }
          sessions(first: 5) { id createdAt lastUsedAt active }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AdminGrantRoleMutation = graphql(`
  mutation AdminGrantRole($userId: ID!, $role: Role!) { grantRole(userId: $userId, role: $role) { id roles } }
`);
export const AdminRevokeRoleMutation = graphql(`
  mutation AdminRevokeRole($userId: ID!, $role: Role!) { revokeRole(userId: $userId, role: $role) { id roles } }
`);
export const SuspendUserMutation = graphql(`
  mutation SuspendUser($userId: ID!, $reason: String!) {
    suspendUser(userId: $userId, reason: $reason) { id status suspension { reason at by { id displayName } } sessions(first: 5) { id createdAt lastUsedAt active } }
  }
`);
export const ReactivateUserMutation = graphql(`
  mutation ReactivateUser($userId: ID!) { reactivateUser(userId: $userId) { id status suspension { reason at by { id displayName } } } }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node { id action at actorId actor { id displayName } targetId target { id displayName } requestId address details }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
