import { parse } from 'graphql';
import { AUTHOR, reviews as all, reviewsOfAnyUser, type Review } from './data.ts';

export const reviews = {
  name: 'reviews',
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@provides"])
    type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
    type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
    type Product @key(fields: "upc") { upc: String! reviews: [Review] }
  `),
  resolvers: {
    Review: {
      __resolveReference: ({ id }: { id: string }) => all.find((r) => r.id === id),
      product: (review: Review) => ({ upc: review.productUpc }),
      author: () => ({ id: AUTHOR.id, username: AUTHOR.username }),
    },
    User: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      reviews: () => reviewsOfAnyUser,
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
      reviews: ({ upc }: { upc: string }) => all.filter((r) => r.productUpc === upc),
    },
  },
};
