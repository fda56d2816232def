import { parse } from 'graphql';
import { users } from './data.ts';

export const accounts = {
  name: 'accounts',
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
    type Query { me: User users: [User] user(id: ID!): User }
    type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }
  `),
  resolvers: {
    Query: {
      me: () => users[0],
      users: () => users,
      user: (_: unknown, { id }: { id: string }) => users.find((u) => u.id === id),
    },
    User: { __resolveReference: ({ id }: { id: string }) => users.find((u) => u.id === id) },
  },
};
